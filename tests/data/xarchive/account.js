window.YTD.account.part0 = [
  {
    "account" : {
      "email" : null,
      "createdVia" : "web",
      "username" : "AcmeHelp",
      "accountId" : "900",
      "createdAt" : "2015-02-09T17:10:05.000Z",
      "accountDisplayName" : "Acme Help"
    }
  }
]
