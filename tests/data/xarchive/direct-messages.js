window.YTD.direct_messages.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "900-4001",
      "messages" : [
        {
          "messageCreate" : {
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Grazie, risolto! &lt;3",
            "mediaUrls" : [ ],
            "senderId" : "4001",
            "id" : "1700000000000000005",
            "createdAt" : "2026-11-03T11:00:00.000Z",
            "recipientId" : "900"
          }
        },
        {
          "messageCreate" : {
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Ciao Mario, il rimborso è partito oggi. -Giulia",
            "mediaUrls" : [ ],
            "senderId" : "900",
            "id" : "1700000000000000004",
            "createdAt" : "2026-11-03T10:30:00.000Z",
            "recipientId" : "4001"
          }
        },
        {
          "messageCreate" : {
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "ordine 1234-5678",
            "mediaUrls" : [ ],
            "senderId" : "4001",
            "id" : "1700000000000000003",
            "createdAt" : "2026-11-03T09:10:00.000Z",
            "recipientId" : "900"
          }
        },
        {
          "messageCreate" : {
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Buongiorno, il rimborso non è mai arrivato",
            "mediaUrls" : [ ],
            "senderId" : "4001",
            "id" : "1700000000000000001",
            "createdAt" : "2026-11-03T09:00:00.000Z",
            "recipientId" : "900"
          }
        }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "900-4002",
      "messages" : [
        {
          "messageCreate" : {
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Hello? Anyone there? My account is locked",
            "mediaUrls" : [ ],
            "senderId" : "4002",
            "id" : "1700000000000000010",
            "createdAt" : "2026-11-04T22:00:00.000Z",
            "recipientId" : "900"
          }
        }
      ]
    }
  }
]
