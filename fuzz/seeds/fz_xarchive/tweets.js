window.YTD.tweets.part0 = [
  { "tweet" : { "id_str" : "11", "id" : "11", "created_at" : "Wed May 01 10:00:00 +0000 2024",
    "full_text" : "@ann we are on it", "in_reply_to_status_id_str" : "10",
    "in_reply_to_user_id_str" : "5", "in_reply_to_screen_name" : "ann", "lang" : "en" } }
]
