window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "retweeted" : false,
      "entities" : { "user_mentions" : [ ], "urls" : [ ], "hashtags" : [ ] },
      "in_reply_to_status_id_str" : "1700000000000000100",
      "id_str" : "1700000000000000102",
      "in_reply_to_user_id" : "4005",
      "created_at" : "Tue Nov 03 12:00:00 +0000 2026",
      "full_text" : "@luca_b We've written to you in DM &amp; will follow up there.",
      "lang" : "en",
      "in_reply_to_screen_name" : "luca_b",
      "in_reply_to_user_id_str" : "4005"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "entities" : { "user_mentions" : [ ], "urls" : [ ], "hashtags" : [ ] },
      "in_reply_to_status_id_str" : "1700000000000000101",
      "id_str" : "1700000000000000103",
      "created_at" : "Tue Nov 03 12:05:00 +0000 2026",
      "full_text" : "Follow-up on our own thread",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "entities" : { "user_mentions" : [ ], "urls" : [ ], "hashtags" : [ ] },
      "id_str" : "1700000000000000101",
      "created_at" : "Tue Nov 03 11:00:00 +0000 2026",
      "full_text" : "Maintenance tonight 22:00-23:00.",
      "lang" : "en"
    }
  }
]
