window.YTD.direct_messages_group.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "1690000000000000000",
      "messages" : [
        {
          "messageCreate" : {
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "We're on it, both of you will get an e-mail today.",
            "mediaUrls" : [ ],
            "senderId" : "900",
            "id" : "1700000000000000022",
            "createdAt" : "2026-11-05T15:00:00.000Z"
          }
        },
        {
          "messageCreate" : {
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Same problem for my wife's order",
            "mediaUrls" : [ ],
            "senderId" : "4004",
            "id" : "1700000000000000021",
            "createdAt" : "2026-11-05T14:10:00.000Z"
          }
        },
        {
          "joinConversation" : {
            "initiatingUserId" : "4003",
            "participantsSnapshot" : [ "900", "4003", "4004" ],
            "createdAt" : "2026-11-05T14:00:00.000Z"
          }
        },
        {
          "messageCreate" : {
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Two parcels, both missing",
            "mediaUrls" : [ ],
            "senderId" : "4003",
            "id" : "1700000000000000020",
            "createdAt" : "2026-11-05T14:05:00.000Z"
          }
        }
      ]
    }
  }
]
