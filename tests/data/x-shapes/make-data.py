#!/usr/bin/env python3
# Writes the three files of this folder (run it here): one conversation with
# @AcmeHelp (a long first tweet, the brand's reply, the customer's answer,
# a retweet, a quote of the brand's reply longer than 280 characters) in
# the shapes sc-fetch jsonl recognises; where each shape comes from is said
# in tests/sc-fetch/045-jsonl-x.bats.
import json, copy
# people
U = {
 'mario': dict(id='1001', name='Mario Rossi', screen_name='mario_rossi', followers=15300, following=210, tweets=4120, listed=3, verified=False, created='Wed Mar 04 18:20:11 +0000 2015', created2='2015-03-04T18:20:11.000Z', desc='Milano'),
 'acme': dict(id='99001', name='Acme Help', screen_name='AcmeHelp', followers=90000, following=15, tweets=55102, listed=310, verified=True, created='Thu Jan 12 09:00:00 +0000 2012', created2='2012-01-12T09:00:00.000Z', desc='Assistenza clienti Acme, lun-ven 9-21'),
 'giulia': dict(id='1002', name='Giulia B', screen_name='giulia_b', followers=12, following=98, tweets=340, listed=0, verified=False, created='Sat Jun 01 11:11:11 +0000 2019', created2='2019-06-01T11:11:11.000Z', desc=''),
 'luca': dict(id='1003', name='Luca', screen_name='luca_v', followers=7, following=40, tweets=77, listed=0, verified=False, created='Mon Feb 03 07:30:00 +0000 2020', created2='2020-02-03T07:30:00.000Z', desc=''),
}
T1 = '@AcmeHelp ordine 4471 mai arrivato: il tracking dice "consegnato" da tre giorni ma qui non c\'è niente. Ho già scritto due volte alla chat & nessuno risponde. Cosa devo fare?'
T2 = '@mario_rossi Ciao Mario, ci dispiace. Ci scrivi in DM il numero d\'ordine e l\'indirizzo? Verifichiamo subito con il corriere. ^Anna'
T3 = '@AcmeHelp fatto, vi ho scritto in DM. Grazie!'
T4 = 'RT @mario_rossi: ' + T1
T5 = ('@AcmeHelp stesso problema anche per me: ordine 5102, il corriere segna consegnato ma non è arrivato nulla, '
      'e il servizio clienti al telefono mi ha detto di aspettare altri cinque giorni lavorativi. Sono già passate due settimane '
      'dall\'ordine e il regalo era per un compleanno che ormai è passato. Qualcuno può controllare davvero?')
assert len(T1) > 140 and len(T5) > 280, (len(T1), len(T5))
tweets = [  # newest first, as the API lists them
 dict(id='1861000000000000005', who='luca', t=T5, at=('Tue Nov 24 10:05:00 +0000 2026','2026-11-24T10:05:00.000Z'), quote='1861000000000000002'),
 dict(id='1861000000000000004', who='giulia', t=T4, at=('Tue Nov 24 09:40:00 +0000 2026','2026-11-24T09:40:00.000Z'), rt='1861000000000000001'),
 dict(id='1861000000000000003', who='mario', t=T3, at=('Tue Nov 24 09:35:10 +0000 2026','2026-11-24T09:35:10.000Z'), reply=('1861000000000000002','acme'), conv='1861000000000000001'),
 dict(id='1861000000000000002', who='acme', t=T2, at=('Tue Nov 24 09:30:00 +0000 2026','2026-11-24T09:30:00.000Z'), reply=('1861000000000000001','mario'), conv='1861000000000000001'),
 dict(id='1861000000000000001', who='mario', t=T1, at=('Tue Nov 24 09:12:03 +0000 2026','2026-11-24T09:12:03.000Z')),
]
byid = {t['id']: t for t in tweets}

def html(s):  # v1.1 and v2 texts carry &amp; &lt; &gt;
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')

def v11_user(k):
    u = U[k]
    return {"id": int(u['id']), "id_str": u['id'], "name": u['name'], "screen_name": u['screen_name'],
            "location": "", "description": u['desc'], "url": None,
            "entities": {"description": {"urls": []}}, "protected": False,
            "followers_count": u['followers'], "friends_count": u['following'], "listed_count": u['listed'],
            "created_at": u['created'], "favourites_count": 0, "utc_offset": None, "time_zone": None,
            "geo_enabled": False, "verified": u['verified'], "statuses_count": u['tweets'], "lang": None,
            "contributors_enabled": False, "is_translator": False, "is_translation_enabled": False,
            "profile_background_color": "C0DEED", "profile_image_url_https": "https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png",
            "default_profile": True, "default_profile_image": True, "following": False,
            "follow_request_sent": False, "notifications": False, "translator_type": "none"}

def mentions(text):
    out = []
    for k, u in U.items():
        h = '@' + u['screen_name']
        i = text.find(h)
        if i >= 0:
            out.append((i, i + len(h), u))
    return sorted(out, key=lambda m: m[0])

def v11_entities(text):
    return {"hashtags": [], "symbols": [], "urls": [],
            "user_mentions": [{"screen_name": u['screen_name'], "name": u['name'], "id": int(u['id']),
                               "id_str": u['id'], "indices": [a, b]} for a, b, u in mentions(text)]}

def v11(t, compat):
    """compat: compatibility mode (text cut at 140 + extended_tweet), else tweet_mode=extended (full_text)"""
    o = {"created_at": t['at'][0], "id": int(t['id']), "id_str": t['id']}
    full = html(t['t'])
    if compat and len(t['t']) > 140:
        link = 'https://t.co/Xq7Lm2PaZk'
        o["text"] = html(t['t'][:113]) + '\u2026 ' + link
        o["truncated"] = True
        o["entities"] = {"hashtags": [], "symbols": [], "user_mentions": v11_entities(t['t'])['user_mentions'],
                         "urls": [{"url": link, "expanded_url": "https://twitter.com/i/web/status/" + t['id'],
                                   "display_url": "twitter.com/i/web/status/1\u2026", "indices": [116, 139]}]}
    elif compat:
        o["text"] = full; o["truncated"] = False; o["entities"] = v11_entities(t['t'])
    else:
        o["full_text"] = full; o["truncated"] = False
        o["display_text_range"] = [0, len(t['t'])]; o["entities"] = v11_entities(t['t'])
    o["source"] = '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>'
    r = t.get('reply')
    o["in_reply_to_status_id"] = int(r[0]) if r else None
    o["in_reply_to_status_id_str"] = r[0] if r else None
    o["in_reply_to_user_id"] = int(U[r[1]]['id']) if r else None
    o["in_reply_to_user_id_str"] = U[r[1]]['id'] if r else None
    o["in_reply_to_screen_name"] = U[r[1]]['screen_name'] if r else None
    o["user"] = v11_user(t['who'])
    o["geo"] = None; o["coordinates"] = None; o["place"] = None; o["contributors"] = None
    if 'rt' in t:
        o["retweeted_status"] = v11(byid[t['rt']], compat)
    o["is_quote_status"] = 'quote' in t
    if 'quote' in t:
        o["quoted_status_id"] = int(t['quote']); o["quoted_status_id_str"] = t['quote']
        o["quoted_status_permalink"] = {"url": "https://t.co/Pq1Zz0", "expanded": "https://twitter.com/AcmeHelp/status/" + t['quote'], "display": "twitter.com/AcmeHelp/statu\u2026"}
        o["quoted_status"] = v11(byid[t['quote']], compat)
    if compat and len(t['t']) > 140:
        o["extended_tweet"] = {"full_text": full, "display_text_range": [0, len(t['t'])], "entities": v11_entities(t['t'])}
    o["retweet_count"] = 0; o["favorite_count"] = 0; o["favorited"] = False; o["retweeted"] = False
    o["lang"] = "it"
    return o

def v2_user(k):
    u = U[k]
    return {"id": u['id'], "name": u['name'], "username": u['screen_name'], "created_at": u['created2'],
            "description": u['desc'], "protected": False, "verified": u['verified'],
            "profile_image_url": "https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png",
            "public_metrics": {"followers_count": u['followers'], "following_count": u['following'],
                               "tweet_count": u['tweets'], "listed_count": u['listed']}}

def v2(t):
    full = html(t['t'])
    o = {"id": t['id'], "edit_history_tweet_ids": [t['id']]}
    o["text"] = html(t['t'][:280]) if len(t['t']) > 280 else full
    if len(t['t']) > 280:
        o["note_tweet"] = {"text": full, "entities": {"mentions": [{"start": a, "end": b, "username": u['screen_name'], "id": u['id']} for a, b, u in mentions(t['t'])]}}
    o["author_id"] = U[t['who']]['id']
    o["conversation_id"] = t.get('conv', t['id'])
    o["created_at"] = t['at'][1]
    o["lang"] = "it"
    o["possibly_sensitive"] = False
    o["reply_settings"] = "everyone"
    o["public_metrics"] = {"retweet_count": 0, "reply_count": 0, "like_count": 0, "quote_count": 0, "bookmark_count": 0, "impression_count": 12}
    o["entities"] = {"mentions": [{"start": a, "end": b, "username": u['screen_name'], "id": u['id']} for a, b, u in mentions(t['t'])]}
    refs = []
    if 'reply' in t:
        o["in_reply_to_user_id"] = U[t['reply'][1]]['id']
        refs.append({"type": "replied_to", "id": t['reply'][0]})
    if 'rt' in t:
        refs.append({"type": "retweeted", "id": t['rt']})
    if 'quote' in t:
        refs.append({"type": "quoted", "id": t['quote']})
    if refs:
        o["referenced_tweets"] = refs
    return o

# v1.1: tweets 1 and 4 (with its retweeted_status) in compatibility mode, the rest extended
with open('x-v1.1.jsonl', 'w') as f:
    for t in tweets:
        f.write(json.dumps(v11(t, compat=t['id'][-1] in '14'), ensure_ascii=False) + '\n')

pages = []
for i, chunk in enumerate([tweets[:3], tweets[3:]]):
    users, inc = [], []
    for t in chunk:
        ks = [t['who']] + ([t['reply'][1]] if 'reply' in t else [])
        for rid in [t.get('rt'), t.get('quote'), t.get('reply', (None,))[0]]:
            if rid and rid in byid:
                inc.append(v2(byid[rid])); ks.append(byid[rid]['who'])
        for k in ks:
            if U[k]['id'] not in [u['id'] for u in users]:
                users.append(v2_user(k))
    seen = set(); incl = []
    for x in inc:
        if x['id'] not in seen:
            seen.add(x['id']); incl.append(x)
    meta = {"newest_id": chunk[0]['id'], "oldest_id": chunk[-1]['id'], "result_count": len(chunk)}
    if i == 0:
        meta["next_token"] = "b26v89c19zqg8o3fpzhkmj3bodz1ouu6wguhdhobrdtx9"
    page = {"data": [v2(t) for t in chunk], "includes": {"users": users, "tweets": incl}, "meta": meta,
            "__twarc": {"url": "https://api.twitter.com/2/tweets/search/recent?expansions=author_id%2Cin_reply_to_user_id%2Creferenced_tweets.id%2Creferenced_tweets.id.author_id%2Centities.mentions.username&tweet.fields=author_id%2Cconversation_id%2Ccreated_at%2Centities%2Cin_reply_to_user_id%2Clang%2Cnote_tweet%2Cpublic_metrics%2Creferenced_tweets%2Creply_settings&user.fields=created_at%2Cdescription%2Cid%2Cname%2Cprofile_image_url%2Cprotected%2Cpublic_metrics%2Cusername%2Cverified&query=%40AcmeHelp&max_results=100",
                        "version": "2.14.0", "retrieved_at": "2026-11-24T10:10:00+00:00"}}
    pages.append(page)
with open('twarc2-pages.jsonl', 'w') as f:
    for p in pages:
        f.write(json.dumps(p, ensure_ascii=False) + '\n')

# twarc2 flatten, as twarc/expansions.py's flatten() does it: includes by id
# (users also by username), each payload gets author, in_reply_to_user,
# referenced_tweets merged with the included tweet, mentions merged with the
# user, and the page's __twarc added to each tweet
def flatten(resp):
    resp = copy.deepcopy(resp)
    users = {}
    for u in resp['includes'].get('users', []):
        users[u['id']] = u; users[u['username']] = u
    inc_t = {t['id']: t for t in resp['includes'].get('tweets', [])}
    def expand(p):
        if isinstance(p, (str, bool, int, float)) or p is None:
            return p
        if isinstance(p, list):
            return [expand(x) for x in p]
        for k, v in p.items():
            p[k] = expand(v)
        if 'author_id' in p:
            p['author'] = users.get(p['author_id'], {})
        if 'in_reply_to_user_id' in p:
            p['in_reply_to_user'] = users.get(p['in_reply_to_user_id'], {})
        if 'mentions' in p:
            p['mentions'] = [{**m, **users.get(m['username'], {})} for m in p['mentions']]
        if 'referenced_tweets' in p:
            p['referenced_tweets'] = [{**r, **inc_t.get(r['id'], {})} for r in p['referenced_tweets']]
        return p
    for k in list(inc_t):
        inc_t[k] = expand(inc_t[k])
    out = expand(resp['data'])
    for t in out:
        t['__twarc'] = resp['__twarc']
    return out
with open('twarc2-flat.jsonl', 'w') as f:
    for p in pages:
        for t in flatten(p):
            f.write(json.dumps(t, ensure_ascii=False) + '\n')
