window.YTD.deleted_tweets.part0 = [
  {
    "tweet" : {
      "id_str" : "1700000000000000099",
      "created_at" : "Mon Nov 02 12:00:00 +0000 2026",
      "full_text" : "typo",
      "deleted_at" : "Mon Nov 02 12:01:00 +0000 2026"
    }
  }
]
