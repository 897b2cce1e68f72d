#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "caselist.h"
#include "desk.h"
#include "diag.h"
#include "jget.h"
#include "record.h"
#include "review.h"
#include "state.h"

/* ---- the terminal: raw mode, restored on every way out ---- */

static struct termios saved;
static volatile sig_atomic_t raw_on;

static void term_cooked(void)
{
	if (raw_on) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
		raw_on = 0;
	}
}

static void term_raw(void)
{
	struct termios t = saved;

	/* keys one at a time, unechoed; ISIG stays on: Ctrl-C is SIGINT */
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) == 0)
		raw_on = 1;
}

/* SIGINT, SIGTERM, SIGHUP: nothing is in flight that the ledger does not
 * cover (an intent is committed before each request), so the terminal is
 * put back and the process ends; what was not sent stays unsent. */
static void on_signal(int sig)
{
	static const char msg[] = "\r\nsc-reply: interrupted: nothing more sent; run again to resume\r\n";

	if (raw_on)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
		/* nothing more to do */
	}
	_exit(128 + sig);
}

static void catch_signals(void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* One key; 'q' at the end of input. */
static int read_key(void)
{
	unsigned char c;
	ssize_t n;

	do
		n = read(STDIN_FILENO, &c, 1);
	while (n < 0 && errno == EINTR);
	return n == 1 ? c : 'q';
}

/* ---- the screen ---- */

struct screen {
	struct buf b;
	int color;
};

static int term_has_color(void)
{
	const char *nc = getenv("NO_COLOR"), *t = getenv("TERM");

	if (nc && *nc)
		return 0;
	if (!t || !*t || !strcmp(t, "dumb"))
		return 0;
	return strstr(t, "color") || !strncmp(t, "xterm", 5) || !strncmp(t, "screen", 6) ||
	       !strncmp(t, "tmux", 4) || !strncmp(t, "rxvt", 4) || !strcmp(t, "linux");
}

enum { C_OFF, C_HEAD, C_KEY, C_BAD, C_GOOD, C_DIM };

static void color(struct screen *s, int c)
{
	static const char *const sgr[] = {"\033[0m", "\033[1;36m", "\033[1m", "\033[1;31m", "\033[32m", "\033[2m"};

	if (s->color)
		buf_puts(&s->b, sgr[c]);
}

/* Text from the input, made safe to print: control characters (an escape
 * sequence in a customer's message) shown as '?', lines indented. */
static void put_text(struct screen *s, const char *t, size_t n, const char *indent)
{
	buf_puts(&s->b, indent);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];
		if (c == '\n') {
			buf_puts(&s->b, "\r\n");
			buf_puts(&s->b, indent);
		} else if (c < 0x20 || c == 0x7f) {
			buf_putc(&s->b, '?');
		} else {
			buf_putc(&s->b, (char)c);
		}
	}
	buf_puts(&s->b, "\r\n");
}

static void line(struct screen *s, const char *t)
{
	put_text(s, t, strlen(t), "");
}

static void head(struct screen *s, const char *title)
{
	color(s, C_HEAD);
	buf_printf(&s->b, "-- %s --", title);
	color(s, C_OFF);
	buf_puts(&s->b, "\r\n");
}

static void flush(struct screen *s)
{
	size_t off = 0;

	while (off < s->b.len) {
		ssize_t n = write(STDOUT_FILENO, s->b.p + off, s->b.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	buf_reset(&s->b);
}

/* ---- the drafts ---- */

enum { IT_PENDING, IT_SENT, IT_SKIPPED, IT_RESOLVED };

struct item {
	jv rec;
	const char *mode;      /* NULL: as drafted; "public" or "dm": switched */
	struct buf text;       /* the agent's edit ("" when none) */
	int edited, state;
};

struct review {
	const struct review_opts *o;
	struct sc_state *st;   /* NULL in a dry-run without a state */
	/* the desk: the drafts to review (indexes into it) in sc-route cases'
	 * order, what was left out, the agent and the zone of due times */
	size_t *seq, nseq;
	struct desk_counts k;
	struct route_cfg cfg;
	int has_cfg;
	const char *agent;
	struct sc_schedule *zone;
	struct desk_view view;
	int has_view;
	struct buf intro;
	jv *all;               /* every record of the file, for the threads */
	size_t nall;
	struct item *it;
	size_t nit;
	struct draft dr;
	struct screen s;
	struct sc_ledger row;
	struct buf msg, tmp;
	unsigned long sent, edited, skipped, resolved, already;
	unsigned long left;    /* of seq, not sent nor resolved yet */
	int status;
};

static const char *sget(jv o, const char *path)
{
	jv v = jget(o, path);
	const char *s = jv_get_kind(v) == JV_KIND_STRING ? jv_string_value(v) : NULL;

	jv_free(v); /* o still holds it */
	return s;
}

static int load(struct review *r)
{
	char *files[] = {(char *)r->o->file};
	struct recin in;

	recin_open(&in, files, 1, 0);
	while (recin_next(&in)) {
		const char *dir = sget(in.v, "direction"), *type = sget(in.v, "type");
		r->all = sc_xrealloc(r->all, (r->nall + 1) * sizeof *r->all);
		r->all[r->nall++] = jv_copy(in.v);
		if ((dir && !strcmp(dir, "out")) || (type && strcmp(type, "message")))
			continue; /* the brand's own messages and resolve records are not drafts */
		r->it = sc_xrealloc(r->it, (r->nit + 1) * sizeof *r->it);
		memset(&r->it[r->nit], 0, sizeof *r->it);
		r->it[r->nit++].rec = jv_copy(in.v);
	}
	r->status = recin_status(&in);
	recin_close(&in);
	return r->nit ? 0 : -1;
}

/* The record as the agent has it now: switched mode, edited text. A text
 * sc-reply drafted from a template is drafted again (the same template,
 * the same ledger key as --send); an agent's own text is kept. */
static jv current(const struct item *it)
{
	jv rec = jv_copy(it->rec), reply = jv_object_get(jv_copy(rec), jv_string("reply"));

	if (jv_get_kind(reply) != JV_KIND_OBJECT) {
		jv_free(reply);
		reply = jv_object();
	}
	if (sget(reply, "template"))
		reply = jv_object_delete(reply, jv_string("text"));
	if (it->mode)
		reply = jv_object_set(reply, jv_string("mode"), jv_string(it->mode));
	if (it->edited)
		reply = jv_object_set(reply, jv_string("text"), jv_string_sized(it->text.p, (int)it->text.len));
	return jv_object_set(rec, jv_string("reply"), reply);
}

static void redraft(struct review *r, struct item *it)
{
	jv rec = current(it);

	draft_record(r->o->d, rec, &r->dr);
	jv_free(rec);
}

/* Sent before (this review or another run): the ledger knows the record's
 * reply, whatever text it had. */
static int ledger_main(struct review *r, struct item *it)
{
	const char *id = sget(it->rec, "id"), *conv = sget(it->rec, "conversation_id");

	if (!r->st || !id)
		return 0;
	return sc_ledger_main_of(r->st, id, conv ? conv : id, &r->row);
}

/* ---- drawing one draft ---- */

static void draw_message(struct review *r, jv rec, const char *who)
{
	const char *h = sget(rec, "author.handle"), *t = sget(rec, "text");

	buf_printf(&r->s.b, "%s%s on %s, %s, %s\r\n", who, h ? h : "?", sget(rec, "source") ? sget(rec, "source") : "?",
		   sget(rec, "channel") ? sget(rec, "channel") : "?",
		   sget(rec, "created_at") ? sget(rec, "created_at") : "?");
	if (t)
		put_text(&r->s, t, strlen(t), "  ");
}

/* The thread: earlier records of the file in the same conversation. */
static void draw_thread(struct review *r, jv rec)
{
	const char *conv = sget(rec, "conversation_id"), *id = sget(rec, "id");
	int shown = 0;

	if (!conv)
		return;
	for (size_t i = 0; i < r->nall; i++) {
		const char *c = sget(r->all[i], "conversation_id"), *k = sget(r->all[i], "id");
		const char *dir = sget(r->all[i], "direction");
		if (k && id && !strcmp(k, id))
			break;
		if (!c || strcmp(c, conv) || !sget(r->all[i], "text"))
			continue;
		if (!shown++)
			head(&r->s, "thread");
		draw_message(r, r->all[i], dir && !strcmp(dir, "out") ? "brand: @" : "@");
	}
}

static void draw_class(struct review *r, jv rec)
{
	jv why = jget(rec, "class.why"), s = jget(rec, "class.sentiment"), p = jget(rec, "class.priority");
	const char *lang = sget(rec, "class.lang") ? sget(rec, "class.lang") : sget(rec, "lang");

	head(&r->s, "classification");
	buf_printf(&r->s.b, "%s, topic %s, language %s",
		   sget(rec, "class.intent") ? sget(rec, "class.intent") : "no intent",
		   sget(rec, "class.topic") ? sget(rec, "class.topic") : "none", lang ? lang : "?");
	if (sget(rec, "class.sentiment_label"))
		buf_printf(&r->s.b, ", %s", sget(rec, "class.sentiment_label"));
	if (jv_get_kind(s) == JV_KIND_NUMBER)
		buf_printf(&r->s.b, " (%.2f)", jv_number_value(s));
	if (jv_get_kind(p) == JV_KIND_NUMBER)
		buf_printf(&r->s.b, ", priority %g", jv_number_value(p));
	buf_puts(&r->s.b, "\r\n");
	if (jv_get_kind(why) == JV_KIND_ARRAY && jv_array_length(jv_copy(why)) > 0) {
		buf_reset(&r->tmp);
		buf_puts(&r->tmp, "why: ");
		jv_array_foreach(why, i, w) {
			if (jv_get_kind(w) == JV_KIND_STRING)
				buf_printf(&r->tmp, "%s%s", i ? "; " : "", jv_string_value(w));
			jv_free(w);
		}
		put_text(&r->s, r->tmp.p, r->tmp.len, "");
	}
	jv_free(why);
	jv_free(s);
	jv_free(p);
}

/* An RFC 3339 time as the case list shows it: in the agent's zone. */
static void local_time(struct review *r, const char *utc, struct buf *out)
{
	struct sc_time t;
	const char *why;
	char local[SC_TIME_MAX];

	if (!utc || !*utc || sc_time_parse(utc, strlen(utc), &t, &why)) {
		buf_puts(out, utc && *utc ? utc : "none");
		return;
	}
	caselist_local(r->zone, t.sec, 0, local);
	buf_printf(out, "%s %s%s", local, sc_sched_tz(r->zone), t.sec < time(NULL) ? " (OVERDUE)" : "");
}

/* The case, from the state when it has it (as sc-route cases shows it),
 * else from the record's route. */
static void draw_route(struct review *r, jv rec)
{
	const struct desk_view *v = &r->view;
	jv c = jget(rec, "route.case");
	const char *a = r->has_view ? v->assignee.p : sget(rec, "route.assignee");

	buf_reset(&r->tmp);
	if (r->has_view)
		buf_printf(&r->tmp, "case %lld", (long long)v->id);
	else if (jv_get_kind(c) == JV_KIND_NUMBER)
		buf_printf(&r->tmp, "case %lld", (long long)jv_number_value(c));
	else
		buf_puts(&r->tmp, "no case");
	head(&r->s, buf_cstr(&r->tmp));
	buf_reset(&r->tmp);
	if (r->has_view)
		buf_printf(&r->tmp, "%s, priority %d, ", v->state, v->priority);
	buf_printf(&r->tmp, "queue %s, owner %s, due ",
		   r->has_view ? (*v->queue.p ? v->queue.p : "none") : sget(rec, "route.queue") ? sget(rec, "route.queue") : "none",
		   a && *a ? a : "none (waiting in the queue)");
	local_time(r, r->has_view ? v->due_at.p : sget(rec, "route.due"), &r->tmp);
	if (sget(rec, "route.rule"))
		buf_printf(&r->tmp, ", rule %s", sget(rec, "route.rule"));
	put_text(&r->s, r->tmp.p, r->tmp.len, "");
	jv_free(c);
}

/* The conversation so far from the state's messages: its last turns. */
static void draw_turns(struct review *r)
{
	const struct desk_view *v = &r->view;

	if (!v->nturns)
		return;
	buf_reset(&r->tmp);
	buf_printf(&r->tmp, "conversation: the last %d turn%s", v->nturns, v->nturns == 1 ? "" : "s");
	if (v->earlier)
		buf_printf(&r->tmp, " (%zu before them: v shows all)", v->earlier);
	head(&r->s, buf_cstr(&r->tmp));
	for (int i = 0; i < v->nturns; i++) {
		const struct desk_turn *t = &v->turns[i];
		int out = !strcmp(t->direction.p, "out");
		buf_printf(&r->s.b, "%s@%s, %s\r\n", out ? "brand: " : "", *t->author.p ? t->author.p : "?", t->at.p);
		put_text(&r->s, t->text.p, t->text.len, "  ");
	}
}

/* Every act sending performs, in order, each with its text: nothing is
 * sent that the agent has not seen. */
static void draw_acts(struct review *r)
{
	const struct draft *dr = &r->dr;

	for (int i = 0; i < dr->nacts; i++) {
		const struct draft_act *a = &dr->acts[i];
		buf_printf(&r->s.b, "%d. %s", i + 1, a->name);
		if (a->action == POST_FOLLOW)
			buf_printf(&r->s.b, " @%s (so that they can write to the brand in private)",
				   dr->user_handle.len ? dr->user_handle.p : "?");
		if (dr->held && i == dr->main)
			buf_puts(&r->s.b, " (held: it goes when the queue opens, not now)");
		buf_puts(&r->s.b, "\r\n");
		if (!a->text.len)
			continue;
		put_text(&r->s, a->text.p, a->text.len, "   ");
		if (a->limit)
			buf_printf(&r->s.b, "   %ld of %ld characters on %s: %ld left\r\n", a->length, a->limit,
				   dr->network.p, a->limit - a->length);
		else
			buf_printf(&r->s.b, "   %ld characters (no known limit on %s)\r\n", a->length, dr->network.p);
	}
}

static void draw_draft(struct review *r, const struct item *it)
{
	const struct draft *dr = &r->dr;
	const char *owner = r->has_view ? r->view.assignee.p : sget(it->rec, "route.assignee");
	const char *brand = replycfg_agent(r->o->d->cfg, NULL);

	buf_reset(&r->tmp);
	buf_printf(&r->tmp, "draft: %s%s%s, %d act%s", dr->mode ? dr->mode : "?",
		   dr->tpl_id ? ", template " : it->edited ? ", edited" : "", dr->tpl_id ? dr->tpl_id : "",
		   dr->nacts, dr->nacts == 1 ? "" : "s");
	head(&r->s, r->tmp.p);
	if (!dr->nacts)
		line(&r->s, "(nothing to send)");
	draw_acts(r);
	/* "*" in "agents" is the brand's name for a case nobody owns
	 * (sc-reply(1)): said, so that it is not read as an agent's */
	if (!owner || !*owner) {
		buf_reset(&r->tmp);
		buf_printf(&r->tmp, "nobody owns this case: {{agent}} signs as the brand (\"*\" in agents: %s)",
			   brand ? brand : "none: the check fails");
		put_text(&r->s, r->tmp.p, r->tmp.len, "");
	}
	if (dr->status == DS_FAILED || (dr->status == DS_SKIPPED && dr->error.len)) {
		color(&r->s, C_BAD);
		buf_reset(&r->tmp);
		buf_printf(&r->tmp, "NOT SENDABLE: %s", dr->error.p);
		put_text(&r->s, r->tmp.p, r->tmp.len, "");
		color(&r->s, C_OFF);
	}
}

static void draw(struct review *r, size_t k, size_t pos)
{
	struct item *it = &r->it[k];
	const char *id = sget(it->rec, "id");

	buf_puts(&r->s.b, "\033[H\033[2J");
	color(&r->s, C_KEY);
	buf_printf(&r->s.b, "sc-reply --review: draft %zu of %zu", pos + 1, r->nseq);
	color(&r->s, C_OFF);
	buf_printf(&r->s.b, "  %s%s\r\n", id ? id : "", r->o->send ? "" : "  (dry-run: nothing is sent)");
	if (r->intro.len)
		put_text(&r->s, r->intro.p, r->intro.len, "");
	if (r->has_view && r->view.nturns)
		draw_turns(r);
	else
		draw_thread(r, it->rec); /* the file's, when the state has no earlier turn */
	head(&r->s, "customer");
	draw_message(r, it->rec, "@");
	draw_class(r, it->rec);
	draw_route(r, it->rec);
	draw_draft(r, it);
	if (r->msg.len) {
		put_text(&r->s, r->msg.p, r->msg.len, "");
		buf_reset(&r->msg);
	}
	color(&r->s, C_KEY);
	buf_printf(&r->s.b, "Send %s [y,a,e,d,n,r,v,q,?]? ", r->dr.nacts > 1 ? "these acts" : "this reply");
	color(&r->s, C_OFF);
	flush(&r->s);
}

static void help(struct review *r)
{
	static const char *const lines[] = {
		"y - send every act shown (dry-run: only say it would)",
		"a - ask act by act which to send",
		"e - edit the text in $EDITOR; tone and length are checked again",
		"d - switch between a public reply and a DM",
		"n - skip this draft, leave it unsent",
		"r - resolve the case (in the state store) and go on",
		"v - the whole conversation (as sc-route show)",
		"q - quit; what was not sent stays unsent, run again to resume",
		"? - this help",
	};

	buf_reset(&r->msg);
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
		buf_printf(&r->msg, "%s%s", i ? "\n" : "", lines[i]);
}

/* ---- the actions ---- */

static void say(struct review *r, const char *fmt, const char *a)
{
	buf_reset(&r->msg);
	buf_printf(&r->msg, fmt, a);
}

/* The draft dealt with (sent, or would be; resolved), kept in the state:
 * a second review resumes after it, dry run or not. */
static void keep(struct review *r, struct item *it, const char *outcome)
{
	const char *id = sget(it->rec, "id");
	char now[SC_TIME_MAX];

	r->left--;
	if (!r->st || !id)
		return;
	sc_time_format((struct sc_time){time(NULL), 0}, now);
	if (sc_review_put(r->st, id, !r->o->send, outcome, now))
		say(r, "the state could not keep this draft as reviewed (%s): a later review shows it again",
		    sc_state_error(r->st));
}

static int act_send(struct review *r, struct item *it)
{
	int rc;

	if (r->dr.status != DS_DRAFTED) {
		say(r, "not sendable (%s): edit it (e), switch (d) or skip it (n)",
		    r->dr.error.len ? r->dr.error.p : "nothing to send");
		return 0;
	}
	if (!r->o->send) {
		it->state = IT_SENT;
		r->sent++;
		keep(r, it, "sent");
		return 1;
	}
	rc = r->o->send_fn(r->o->ctx, &r->dr);
	if (rc > r->status)
		r->status = rc;
	/* off-hours, ack-only: the ack went, the reply waits for the queue */
	if (r->dr.status == DS_SENT || (r->dr.held && r->dr.acts[0].status == DS_SENT)) {
		it->state = IT_SENT;
		r->sent++;
		keep(r, it, "sent");
		return 1;
	}
	say(r, "not sent: %s", r->dr.error.len ? r->dr.error.p : "see the messages above");
	return 0;
}

/* a: each act asked in turn; the ones chosen are sent as y sends them all
 * (the others stay unsent, in no ledger). */
static int act_choose(struct review *r, struct item *it, size_t k, size_t pos)
{
	int want[64], n = r->dr.nacts < 64 ? r->dr.nacts : 64, chosen = 0;

	if (r->dr.status != DS_DRAFTED || !n)
		return act_send(r, it); /* says why it cannot */
	for (int i = 0; i < n; i++) {
		int key;
		draw(r, k, pos);
		color(&r->s, C_KEY);
		buf_printf(&r->s.b, "\r\nact %d of %d, %s: send it [y,n,q]? ", i + 1, n, r->dr.acts[i].name);
		color(&r->s, C_OFF);
		flush(&r->s);
		while ((key = read_key()) != 'y' && key != 'n' && key != 'q')
			;
		if (key == 'q') {
			say(r, "%s", "act by act: stopped, nothing sent");
			return 0;
		}
		chosen += want[i] = key == 'y';
	}
	if (!chosen) {
		say(r, "%s", "act by act: no act chosen, nothing sent");
		return 0;
	}
	draft_keep(&r->dr, want);
	return act_send(r, it);
}

/* v: the case whole, as sc-route show prints it, until a key. */
static void act_view(struct review *r, size_t k, size_t pos)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	if (!r->has_view) {
		say(r, "%s", "no case in the state for this draft: the thread above is all there is");
		return;
	}
	if (!(f = open_memstream(&text, &len))) {
		say(r, "%s", "cannot show the conversation: out of memory");
		return;
	}
	caselist_show(f, r->st, r->view.id);
	fclose(f);
	buf_puts(&r->s.b, "\033[H\033[2J");
	put_text(&r->s, text, len, "");
	color(&r->s, C_KEY);
	buf_puts(&r->s.b, "-- any key: back to the draft --");
	color(&r->s, C_OFF);
	flush(&r->s);
	free(text);
	read_key();
	(void)k, (void)pos;
}

/* $EDITOR, split on blanks (no shell: no quoting), default vi. */
static int run_editor(const char *path)
{
	const char *e = getenv("VISUAL") && *getenv("VISUAL") ? getenv("VISUAL") : getenv("EDITOR");
	char *copy = sc_xstrdup(e && *e ? e : "vi"), *argv[32], *save = NULL;
	int argc = 0, status = -1;
	pid_t pid;

	for (char *w = strtok_r(copy, " \t", &save); w && argc < 30; w = strtok_r(NULL, " \t", &save))
		argv[argc++] = w;
	argv[argc++] = (char *)path;
	argv[argc] = NULL;
	term_cooked();
	catch_signals(SIG_IGN); /* Ctrl-C belongs to the editor meanwhile */
	if ((pid = fork()) == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		execvp(argv[0], argv);
		fprintf(stderr, "sc-reply: cannot run the editor '%s': %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	catch_signals(on_signal);
	term_raw();
	free(copy);
	return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int read_back(const char *path, struct buf *out)
{
	char chunk[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	buf_reset(out);
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		buf_put(out, chunk, (size_t)n);
	close(fd);
	while (out->len && (out->p[out->len - 1] == '\n' || out->p[out->len - 1] == ' '))
		out->len--; /* an editor's final newline is not part of the reply */
	buf_cstr(out);
	return n < 0 ? -1 : 0;
}

static void act_edit(struct review *r, struct item *it)
{
	const struct draft_act *m = r->dr.main >= 0 ? &r->dr.acts[r->dr.main] : NULL;
	const char *dir = getenv("TMPDIR");
	struct buf path = BUF_INIT;
	int fd, ok;

	buf_printf(&path, "%s/sc-reply-XXXXXX", dir && *dir ? dir : "/tmp");
	buf_cstr(&path);
	if ((fd = mkstemp(path.p)) < 0) {
		say(r, "cannot make a file to edit in %s (set TMPDIR)", dir && *dir ? dir : "/tmp");
		buf_free(&path);
		return;
	}
	ok = m && write(fd, m->text.p, m->text.len) == (ssize_t)m->text.len && write(fd, "\n", 1) == 1;
	close(fd);
	if (ok && run_editor(path.p) == 0 && read_back(path.p, &r->tmp) == 0) {
		buf_reset(&it->text);
		buf_put(&it->text, r->tmp.p, r->tmp.len);
		buf_cstr(&it->text);
		if (!it->edited++)
			r->edited++;
		say(r, "%s", "edited: checked again");
	} else {
		say(r, "%s", "the editor failed or the file could not be read: the draft is unchanged");
	}
	unlink(path.p);
	buf_free(&path);
}

struct load_find {
	const char *name;
	long open;
	int found;
	struct buf last;
};

static void load_one(void *ctx, const char *name, long open, const char *last, int64_t seq)
{
	struct load_find *f = ctx;

	(void)seq;
	if (strcmp(name, f->name))
		return;
	f->found = 1;
	f->open = open;
	buf_puts(&f->last, last ? last : "");
	buf_cstr(&f->last);
}

/* Resolves the case in the state store and frees its owner's slot, then
 * (with --send) unfollows the customer the case followed. */
static int resolve_case(struct review *r, const char *conv)
{
	struct sc_case c = {0};
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	int done;

	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (sc_state_begin(r->st))
		return -1;
	done = sc_case_resolve(r->st, conv, now, &c);
	if (done && c.has_assignee) {
		struct load_find f = {c.assignee.p, 0, 0, BUF_INIT};
		sc_agent_loads(r->st, load_one, &f);
		if (f.found && f.open > 0)
			sc_agent_save(r->st, f.name, f.open - 1, f.last.len ? f.last.p : NULL, -1);
		buf_free(&f.last);
	}
	sc_case_free(&c);
	if (sc_state_commit(r->st))
		return -1;
	return done;
}

static void unfollow(struct review *r, const char *conv)
{
	jv rec = jv_object_set(jv_object_set(jv_object_set(jv_object(), jv_string("type"), jv_string("resolve")),
					     jv_string("conversation_id"), jv_string(conv)),
			       jv_string("route"), jv_object_set(jv_object(), jv_string("resolved"), jv_true()));
	int rc;

	draft_record(r->o->d, rec, &r->dr);
	jv_free(rec);
	rc = r->o->send_fn(r->o->ctx, &r->dr);
	if (rc > r->status)
		r->status = rc;
}

static int act_resolve(struct review *r, struct item *it)
{
	const char *conv = sget(it->rec, "conversation_id");
	int rc;

	if (!conv) {
		say(r, "%s", "no conversation id: no case to resolve");
		return 0;
	}
	if (!r->o->send) {
		it->state = IT_RESOLVED;
		r->resolved++;
		keep(r, it, "resolved");
		return 1;
	}
	if ((rc = resolve_case(r, conv)) < 0) {
		say(r, "cannot resolve: %s", sc_state_error(r->st));
		return 0;
	}
	if (rc == 0) {
		say(r, "no open case for %s: nothing resolved", conv);
		return 0;
	}
	unfollow(r, conv);
	it->state = IT_RESOLVED;
	r->resolved++;
	keep(r, it, "resolved");
	return 1;
}

/* Public reply ↔ DM; a private message is never answered in public. */
static void act_switch(struct review *r, struct item *it)
{
	const char *ch = sget(it->rec, "channel");
	int dm = r->dr.mode && !strcmp(r->dr.mode, "dm");

	if (dm && ch && !strcmp(ch, "private")) {
		say(r, "%s", "a private message is answered in private: it stays a DM");
		return;
	}
	it->mode = dm ? "public" : "dm";
	say(r, "switched to %s", it->mode);
}

/* ---- the walk ---- */

/* One draft until a key moves on: 1 to go on, 0 to quit. */
static int review_item(struct review *r, size_t k, size_t pos)
{
	struct item *it = &r->it[k];
	const char *conv = sget(it->rec, "conversation_id");

	if (ledger_main(r, it) && !strcmp(r->row.status.p, "intent"))
		say(r, "%s", "an earlier run stopped while sending this reply: y looks it up on the network "
		    "first and sends only if it is not there");
	for (;;) {
		r->has_view = r->st && desk_view(r->st, conv, sget(it->rec, "id"), &r->view);
		redraft(r, it);
		draw(r, k, pos);
		switch (read_key()) {
		case 'y':
			if (act_send(r, it))
				return 1;
			break;
		case 'a':
			if (act_choose(r, it, k, pos))
				return 1;
			break;
		case 'e': act_edit(r, it); break;
		case 'd': act_switch(r, it); break;
		case 'n':
			it->state = IT_SKIPPED;
			r->skipped++;
			return 1;
		case 'r':
			if (act_resolve(r, it))
				return 1;
			break;
		case 'v': act_view(r, k, pos); break;
		case 'q': return 0;
		case '?': help(r); break;
		default: say(r, "%s", "unknown key: ? for help"); break;
		}
	}
}

/* Already done by an earlier run: the ledger has the reply sent, or a
 * review of the same kind (dry run or not) kept it as dealt with. Not
 * asked about again. */
static int done_before(struct review *r, struct item *it)
{
	const char *id = sget(it->rec, "id");

	if (ledger_main(r, it) && !strcmp(r->row.status.p, "sent"))
		return 1;
	return r->st && id && sc_review_get(r->st, id, !r->o->send, &r->tmp);
}

static void summary(struct review *r, int quit)
{
	printf("%s%lu %s, %lu edited, %lu skipped, %lu resolved, %lu dealt with before%s",
	       quit ? "quit: " : "", r->sent, r->o->send ? "sent" : "would be sent (dry-run)", r->edited,
	       r->skipped, r->resolved, r->already, r->o->send ? "" : " (in a dry run)");
	if (r->left && r->st)
		printf("; %lu left: run again to resume", r->left);
	else if (r->left)
		printf("; %lu left (no state: a dry run without one starts over)", r->left);
	printf("\n");
	fflush(stdout);
}

static int open_state(struct review *r)
{
	struct buf dir = BUF_INIT, err = BUF_INIT, db = BUF_INIT;
	struct stat sb;

	if (r->o->state_dir)
		buf_puts(&dir, r->o->state_dir);
	else
		sc_state_default_dir(&dir);
	buf_printf(&db, "%s/sc.db", buf_cstr(&dir));
	/* a dry-run reads the ledger if there is one, and creates nothing */
	if (r->o->send || stat(buf_cstr(&db), &sb) == 0)
		r->st = sc_state_open(dir.p, &err);
	if (!r->st && err.len)
		sc_warn("%s", err.p);
	buf_free(&dir);
	buf_free(&db);
	buf_free(&err);
	return r->o->send && !r->st ? -1 : 0;
}

/* The drafts to review, in sc-route cases' order for the agent, queue or
 * case asked (lib/desk.c); what is left out said at the start. Returns an
 * exit status, 0 to go on. */
static int prepare(struct review *r)
{
	const struct review_opts *o = r->o;
	struct buf err = BUF_INIT;
	size_t *sub = sc_xmalloc((r->nit ? r->nit : 1) * sizeof *sub), *order = NULL, n = 0;
	const char **convs = NULL, **ats = NULL;
	int filtered, rc = SC_EXIT_OK;

	r->seq = sc_xmalloc((r->nit ? r->nit : 1) * sizeof *r->seq);
	if (o->routes && routecfg_load(&r->cfg, o->routes, &err)) {
		sc_warn("%s: %s", o->routes, err.p);
		rc = SC_EXIT_CONFIG;
		goto out;
	}
	r->has_cfg = o->routes != NULL;
	r->agent = o->mine ? caselist_me(r->has_cfg ? &r->cfg : NULL) : o->assignee;
	if (o->mine && !r->agent) {
		sc_warn("--mine: who are you? set SC_AGENT to your agent name%s",
			r->has_cfg ? "" : " (or give --routes with an agent named as $USER)");
		rc = SC_EXIT_USAGE;
		goto out;
	}
	if (r->has_cfg && r->agent && routecfg_agent(&r->cfg, r->agent) < 0) {
		sc_warn("%s '%s' is no agent of %s: nothing to review", o->mine ? "--mine: SC_AGENT" : "--assignee",
			r->agent, o->routes);
		rc = SC_EXIT_USAGE;
		goto out;
	}
	if (!(r->zone = sc_sched_new("24/7", caselist_zone(o->tz, r->has_cfg ? &r->cfg : NULL, r->agent), &err))) {
		sc_warn("time zone: %s", err.p);
		rc = SC_EXIT_USAGE;
		goto out;
	}
	filtered = r->agent || o->queue || o->case_id;
	if (filtered && !r->st) {
		sc_warn("--mine, --assignee, --queue and --case choose drafts by their cases in the state, "
			"and there is none yet: route the messages with sc-route first (or give --state DIR)");
		rc = SC_EXIT_FAIL;
		goto out;
	}
	for (size_t i = 0; i < r->nit; i++) {
		if (done_before(r, &r->it[i]))
			r->already++;
		else
			sub[n++] = i;
	}
	if (r->st) {
		struct sc_case_filter f = {.assignee = r->agent, .queue = o->queue, .case_id = o->case_id};
		convs = sc_xmalloc((n ? n : 1) * sizeof *convs);
		ats = sc_xmalloc((n ? n : 1) * sizeof *ats);
		order = sc_xmalloc((n ? n : 1) * sizeof *order);
		for (size_t j = 0; j < n; j++) {
			convs[j] = sget(r->it[sub[j]].rec, "conversation_id");
			ats[j] = sget(r->it[sub[j]].rec, "created_at");
		}
		r->nseq = desk_order(r->st, &f, filtered, convs, ats, n, order, &r->k);
		for (size_t j = 0; j < r->nseq; j++)
			r->seq[j] = sub[order[j]];
	} else {
		memcpy(r->seq, sub, n * sizeof *sub);
		r->nseq = n;
	}
	r->left = r->nseq;
	buf_printf(&r->intro, "%zu to review", r->nseq);
	if (r->agent)
		buf_printf(&r->intro, " for %s", r->agent);
	if (o->queue)
		buf_printf(&r->intro, " in queue %s", o->queue);
	if (o->case_id)
		buf_printf(&r->intro, " of case %lld", (long long)o->case_id);
	if (r->st)
		buf_puts(&r->intro, ", most urgent first");
	if (r->already)
		buf_printf(&r->intro, "; %lu dealt with before", r->already);
	if (r->k.answered)
		buf_printf(&r->intro, "; left out: %zu whose case is answered", r->k.answered);
	if (r->k.closed)
		buf_printf(&r->intro, "%s%zu whose case is closed", r->k.answered ? ", " : "; left out: ", r->k.closed);
	if (r->k.others)
		buf_printf(&r->intro, "%s%zu not %s", r->k.answered || r->k.closed ? ", " : "; left out: ",
			   r->k.others, r->agent ? "this agent's" : o->queue ? "in the queue" : "of the case");
	if (r->k.nocase)
		buf_printf(&r->intro, "; %zu with no case in the state (spam, or not routed)%s", r->k.nocase,
			   filtered ? ": left out" : ": last");
out:
	free(sub);
	free(order);
	free(convs);
	free(ats);
	buf_free(&err);
	return rc;
}

static void review_free(struct review *r)
{
	for (size_t i = 0; i < r->nall; i++)
		jv_free(r->all[i]);
	for (size_t i = 0; i < r->nit; i++) {
		jv_free(r->it[i].rec);
		buf_free(&r->it[i].text);
	}
	free(r->all);
	free(r->it);
	free(r->seq);
	draft_free(&r->dr);
	sc_ledger_free(&r->row);
	buf_free(&r->s.b);
	buf_free(&r->msg);
	buf_free(&r->tmp);
	buf_free(&r->intro);
	desk_view_free(&r->view);
	if (r->has_cfg)
		routecfg_free(&r->cfg);
	sc_sched_free(r->zone);
	sc_state_close(r->st);
}

static void walk(struct review *r)
{
	size_t j;

	if (!r->nseq) {
		printf("nothing to review: %s\n", r->intro.p);
		fflush(stdout);
		return;
	}
	catch_signals(on_signal);
	atexit(term_cooked); /* sc_die while sending (a configuration error) */
	term_raw();
	for (j = 0; j < r->nseq; j++)
		if (!review_item(r, r->seq[j], j))
			break;
	term_cooked();
	buf_puts(&r->s.b, "\r\n");
	flush(&r->s);
	summary(r, j < r->nseq);
}

int review_run(const struct review_opts *o)
{
	struct review r;
	int rc;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		sc_warn("--review needs a terminal on standard input and output (it asks a key per draft); "
			"without one, use sc-reply [--send] FILE");
		return SC_EXIT_USAGE;
	}
	if (tcgetattr(STDIN_FILENO, &saved)) {
		sc_warn("--review: cannot read the terminal's settings: %s", strerror(errno));
		return SC_EXIT_USAGE;
	}
	memset(&r, 0, sizeof r);
	r.o = o;
	r.s.color = term_has_color();
	draft_init(&r.dr);
	if (load(&r)) {
		sc_warn("%s: no inbound message to review", o->file);
	} else if (open_state(&r) == 0) {
		if ((rc = prepare(&r)) == 0)
			walk(&r);
		else
			r.status = rc;
	} else {
		r.status = SC_EXIT_FAIL;
	}
	review_free(&r);
	return r.status;
}
