#include "thread.h"
#include "tap.h"

static char got[4096], to_brand[4096], quoted[4096];

static void emit(void *ctx, const char *p, size_t n, const char *root, const char *acct, int tb,
		 const char *ptext, size_t ptext_len)
{
	(void)ctx;
	size_t q = strlen(quoted);
	snprintf(quoted + q, sizeof quoted - q, "%.*s:%.*s|", (int)n, p, ptext ? (int)ptext_len : 1,
		 ptext ? ptext : "-");
	size_t l = strlen(got);
	snprintf(got + l, sizeof got - l, "%.*s:%s:%s ", (int)n, p, root, *acct ? acct : "-");
	l = strlen(to_brand);
	snprintf(to_brand + l, sizeof to_brand - l, "%.*s:%d ", (int)n, p, tb);
}

static void add(struct thread *t, const char *id, const char *parent, const char *author,
		int out, const char *text, const char *replies)
{
	struct thread_msg m = {id, parent, author, out, "", text, replies, id, strlen(id), NULL,
			       text, strlen(text)};
	thread_add(t, &m);
}

/* Messages PREFIXfrom .. PREFIX(to - 1), each its own root, to fill the window. */
static void fillers(struct thread *t, const char *prefix, int from, int to)
{
	for (int i = from; i < to; i++) {
		char id[16];
		snprintf(id, sizeof id, "%s%d", prefix, i);
		add(t, id, "", "y", 0, "", NULL);
	}
}

int main(void)
{
	struct thread *t;

	/* TWCS order: newest first, the root last (sample rows 1-8). */
	got[0] = '\0';
	t = thread_new(100, emit, NULL);
	add(t, "1", "3", "sprintcare", 1, "@115712 I understand.", NULL);
	add(t, "2", "1", "115712", 0, "@sprintcare and how", NULL);
	add(t, "3", "4", "115712", 0, "@sprintcare I have sent", "1");
	is_str(got, "", "nothing comes out while the chain's root is unseen");
	add(t, "4", "5", "sprintcare", 1, "@115712 Please send", "3");
	add(t, "5", "6", "115712", 0, "@sprintcare I did.", "4");
	add(t, "6", "8", "sprintcare", 1, "@115712 Can you", "5,7");
	add(t, "8", "", "115712", 0, "@sprintcare is the worst", "9,6,10");
	is_str(got, "1:8:sprintcare 2:8:sprintcare 3:8:sprintcare 4:8:sprintcare 5:8:sprintcare "
		    "6:8:sprintcare 8:8:sprintcare ",
	       "once the root arrives the thread comes out in input order, rooted at 8");
	is_str(to_brand, "1:0 2:1 3:1 4:0 5:1 6:0 8:0 ",
	       "a customer's message answering the brand's is known as one (2, 3, 5); the brand's "
	       "answers and the first message are not");
	thread_free(t);

	/* Chronological order, and accounts from mentions and replies. */
	got[0] = '\0';
	t = thread_new(100, emit, NULL);
	thread_brand(t, "AcmeHelp");
	add(t, "10", "", "anna", 0, "hey @bob look, @AcmeHelp broke it", NULL);
	add(t, "11", "10", "AcmeHelp", 1, "@anna sorry!", NULL);
	add(t, "12", "11", "anna", 0, "@AcmeHelp thanks", NULL);
	add(t, "13", "", "carl", 0, "@bob @dan hi", NULL);
	add(t, "14", "", "eve", 0, "no mention at all", NULL);
	add(t, "15", "", "fay", 0, "mail me at fay@example.com", NULL);
	thread_flush(t);
	is_str(got, "10:10:AcmeHelp 11:10:AcmeHelp 12:10:AcmeHelp 13:13:bob 14:14:- 15:15:- ",
	       "known brand among mentions wins; else the first mention; e-mail is no mention");
	thread_free(t);

	/* A brand reply listed in response ids, seen before the customer tweet. */
	got[0] = '\0';
	t = thread_new(100, emit, NULL);
	add(t, "21", "20", "BrandCo", 1, "@x we are on it", NULL);
	add(t, "20", "", "x", 0, "my order never came", "21");
	thread_flush(t);
	is_str(got, "21:20:BrandCo 20:20:BrandCo ", "a root without mention takes the brand that answered");
	thread_free(t);

	/* Written to the marketing account, answered by the support account:
	 * the message stays with the account it was written to. */
	got[0] = '\0';
	t = thread_new(100, emit, NULL);
	thread_brand(t, "Acme");
	add(t, "41", "40", "AcmeHelp", 1, "@x we can help", NULL);
	add(t, "40", "", "x", 0, "@Acme my order is late", "41");
	add(t, "42", "41", "x", 0, "@AcmeHelp thanks", NULL);
	thread_flush(t);
	is_str(got, "41:40:AcmeHelp 40:40:Acme 42:40:AcmeHelp ",
	       "the addressed brand wins over the one that answered; a reply to a brand goes to it");
	thread_free(t);

	/* Missing parents: released at the end with the missing id as root. */
	got[0] = to_brand[0] = '\0';
	t = thread_new(100, emit, NULL);
	add(t, "31", "30", "AcmeHelp", 1, "@x hi", NULL);
	add(t, "32", "31", "x", 0, "@AcmeHelp ok", NULL);
	is_str(got, "", "held while the parent may still come");
	thread_flush(t);
	is_str(got, "31:30:AcmeHelp 32:30:AcmeHelp ", "at the end: conversation is the missing tweet");
	is_int(thread_orphans(t), 1, "one message released without its parent");
	is_str(to_brand, "31:-1 32:1 ", "whom a message answers is unknown when its parent was never seen");
	thread_free(t);

	/* The window bounds what is held. */
	got[0] = '\0';
	t = thread_new(16, emit, NULL);
	add(t, "a", "missing", "x", 0, "", NULL);
	fillers(t, "r", 0, 16);
	ok(strncmp(got, "a:missing:- r0:r0:-", 19) == 0, "a message leaving the window is released: %s", got);
	thread_free(t);

	/* A message that left the window is no longer anyone's parent: its id
	 * may come back as another message, which is then the one found. */
	got[0] = '\0';
	t = thread_new(16, emit, NULL);
	add(t, "p", "", "Acme", 1, "@x hello", NULL);
	fillers(t, "f", 2, 10);
	add(t, "c", "p", "x", 0, "thanks", NULL); /* row 10, answers p */
	fillers(t, "f", 11, 18); /* row 17 takes p's place */
	add(t, "p", "", "Other", 1, "@z hi", NULL); /* row 18: a new p */
	got[0] = '\0';
	add(t, "d", "c", "x", 0, "and again", NULL);
	is_str(got, "d:p:Other ", "the brand above a reply is looked for among the messages in "
	       "the window, not through a link to one that left it");
	thread_free(t);

	/* A head waits for its parent however many messages come meanwhile. */
	got[0] = '\0';
	t = thread_new(1000, emit, NULL);
	add(t, "r2", "r1", "x", 0, "@Acme hi", NULL);
	fillers(t, "n", 0, 500);
	ok(got[0] == '\0', "nothing passes a head waiting for its parent");
	add(t, "r1", "", "Acme", 1, "@x hello", NULL);
	ok(strncmp(got, "r2:r1:Acme n0:n0:- n1:n1:- ", 27) == 0,
	   "its parent's arrival releases it and all behind it: %.40s", got);
	thread_free(t);

	/* The text a message answers: kept while the parent is in the window,
	 * before or after its reply, and gone with it. */
	quoted[0] = '\0';
	t = thread_new(16, emit, NULL);
	add(t, "q2", "q1", "cust", 0, "@AcmeHelp Ba016 from Sydney.", NULL);
	add(t, "q1", "", "AcmeHelp", 1, "@cust which flight?", "q2");
	add(t, "q3", "q1", "cust", 0, "@AcmeHelp and my bag?", NULL);
	for (int i = 0; i < 16; i++) {
		char id[16];
		snprintf(id, sizeof id, "f%d", i);
		add(t, id, "", "y", 0, "filler text that fills the FIFO", NULL);
	}
	add(t, "q4", "q1", "cust", 0, "@AcmeHelp hello?", NULL);
	thread_flush(t);
	ok(strncmp(quoted, "q2:@cust which flight?|q1:-|q3:@cust which flight?|", 51) == 0 &&
	   strstr(quoted, "|q4:-|"), "the parent's text, before or after, none once it left: %s", quoted);
	thread_free(t);

	/* Duplicates and cycles. */
	t = thread_new(100, emit, NULL);
	struct thread_msg m = {"d", "", "x", 0, "", "", NULL, "d", 1};
	ok(thread_add(t, &m) == 0 && thread_add(t, &m) == -1, "a duplicate id is refused");
	got[0] = '\0';
	add(t, "c1", "c2", "x", 0, "", NULL);
	add(t, "c2", "c1", "x", 0, "", NULL);
	thread_flush(t);
	ok(strstr(got, "c1:") && strstr(got, "c2:"), "a reply cycle does not hang: %s", got);
	thread_free(t);
	return tap_done();
}
