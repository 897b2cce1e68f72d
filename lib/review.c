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
	jv *all;               /* every record of the file, for the threads */
	size_t nall;
	struct item *it;
	size_t nit;
	struct draft dr;
	struct screen s;
	struct sc_ledger row;
	struct buf msg, tmp;
	unsigned long sent, edited, skipped, resolved, already;
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

static void draw_route(struct review *r, jv rec)
{
	jv c = jget(rec, "route.case");
	const char *a = sget(rec, "route.assignee");

	head(&r->s, "route");
	buf_reset(&r->tmp);
	buf_printf(&r->tmp, "queue %s, owner %s, due %s",
		   sget(rec, "route.queue") ? sget(rec, "route.queue") : "none", a ? a : "none (waiting)",
		   sget(rec, "route.due") ? sget(rec, "route.due") : "none");
	if (jv_get_kind(c) == JV_KIND_NUMBER)
		buf_printf(&r->tmp, ", case %lld", (long long)jv_number_value(c));
	if (sget(rec, "route.rule"))
		buf_printf(&r->tmp, ", rule %s", sget(rec, "route.rule"));
	put_text(&r->s, r->tmp.p, r->tmp.len, "");
	jv_free(c);
}

static void draw_draft(struct review *r, const struct item *it)
{
	const struct draft *dr = &r->dr;
	const struct draft_act *m = dr->main >= 0 ? &dr->acts[dr->main] : NULL;

	buf_reset(&r->tmp);
	buf_printf(&r->tmp, "draft: %s%s%s", dr->mode ? dr->mode : "?",
		   dr->tpl_id ? ", template " : it->edited ? ", edited" : "", dr->tpl_id ? dr->tpl_id : "");
	head(&r->s, r->tmp.p);
	if (dr->nacts > 1) {
		buf_puts(&r->s.b, "actions:");
		for (int i = 0; i < dr->nacts; i++)
			buf_printf(&r->s.b, " %s", dr->acts[i].name);
		buf_puts(&r->s.b, "\r\n");
	}
	if (!m || !m->text.len) {
		line(&r->s, "(no text)");
	} else {
		put_text(&r->s, m->text.p, m->text.len, "  ");
		if (m->limit)
			buf_printf(&r->s.b, "%ld of %ld characters on %s: %ld left\r\n", m->length, m->limit,
				   dr->network.p, m->limit - m->length);
		else
			buf_printf(&r->s.b, "%ld characters (no known limit on %s)\r\n", m->length, dr->network.p);
	}
	if (dr->status == DS_FAILED || (dr->status == DS_SKIPPED && dr->error.len)) {
		color(&r->s, C_BAD);
		buf_reset(&r->tmp);
		buf_printf(&r->tmp, "NOT SENDABLE: %s", dr->error.p);
		put_text(&r->s, r->tmp.p, r->tmp.len, "");
		color(&r->s, C_OFF);
	}
}

static void draw(struct review *r, size_t k)
{
	struct item *it = &r->it[k];
	const char *id = sget(it->rec, "id");

	buf_puts(&r->s.b, "\033[H\033[2J");
	color(&r->s, C_KEY);
	buf_printf(&r->s.b, "sc-reply --review: draft %zu of %zu", k + 1, r->nit);
	color(&r->s, C_OFF);
	buf_printf(&r->s.b, "  %s%s\r\n", id ? id : "", r->o->send ? "" : "  (dry-run: nothing is sent)");
	draw_thread(r, it->rec);
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
	buf_puts(&r->s.b, "Send this reply [y,e,d,n,r,q,?]? ");
	color(&r->s, C_OFF);
	flush(&r->s);
}

static void help(struct review *r)
{
	static const char *const lines[] = {
		"y - send this reply (dry-run: only say it would)",
		"e - edit the text in $EDITOR; tone and length are checked again",
		"d - switch between a public reply and a DM",
		"n - skip this draft, leave it unsent",
		"r - resolve the case (in the state store) and go on",
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
		return 1;
	}
	rc = r->o->send_fn(r->o->ctx, &r->dr);
	if (rc > r->status)
		r->status = rc;
	/* off-hours, ack-only: the ack went, the reply waits for the queue */
	if (r->dr.status == DS_SENT || (r->dr.held && r->dr.acts[0].status == DS_SENT)) {
		it->state = IT_SENT;
		r->sent++;
		return 1;
	}
	say(r, "not sent: %s", r->dr.error.len ? r->dr.error.p : "see the messages above");
	return 0;
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

static void load_one(void *ctx, const char *name, long open, const char *last)
{
	struct load_find *f = ctx;

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
			sc_agent_save(r->st, f.name, f.open - 1, f.last.len ? f.last.p : NULL);
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
static int review_item(struct review *r, size_t k)
{
	struct item *it = &r->it[k];

	if (ledger_main(r, it) && !strcmp(r->row.status.p, "intent"))
		say(r, "%s", "an earlier run stopped while sending this reply: y looks it up on the network "
		    "first and sends only if it is not there");
	for (;;) {
		redraft(r, it);
		draw(r, k);
		switch (read_key()) {
		case 'y':
			if (act_send(r, it))
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
		case 'q': return 0;
		case '?': help(r); break;
		default: say(r, "%s", "unknown key: ? for help"); break;
		}
	}
}

/* Already done by an earlier run: the ledger has the reply, or the case is
 * resolved. Shown in passing, not asked about again. */
static int done_before(struct review *r, struct item *it)
{
	const char *conv = sget(it->rec, "conversation_id");
	struct sc_case c = {0};
	int resolved;

	if (ledger_main(r, it) && !strcmp(r->row.status.p, "sent")) {
		r->already++;
		return 1;
	}
	if (!r->st || !conv)
		return 0;
	resolved = sc_case_find(r->st, conv, &c) && !c.open;
	sc_case_free(&c);
	return resolved;
}

static void summary(struct review *r, int quit)
{
	printf("%s%lu %s, %lu edited, %lu skipped, %lu resolved, %lu already sent before%s\n",
	       quit ? "quit: " : "", r->sent, r->o->send ? "sent" : "would be sent (dry-run)", r->edited,
	       r->skipped, r->resolved, r->already, quit ? "; run again to resume" : "");
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
	draft_free(&r->dr);
	sc_ledger_free(&r->row);
	buf_free(&r->s.b);
	buf_free(&r->msg);
	buf_free(&r->tmp);
	sc_state_close(r->st);
}

static void walk(struct review *r)
{
	size_t k;

	catch_signals(on_signal);
	atexit(term_cooked); /* sc_die while sending (a configuration error) */
	term_raw();
	for (k = 0; k < r->nit; k++) {
		if (done_before(r, &r->it[k]))
			continue;
		if (!review_item(r, k))
			break;
	}
	term_cooked();
	buf_puts(&r->s.b, "\r\n");
	flush(&r->s);
	summary(r, k < r->nit);
}

int review_run(const struct review_opts *o)
{
	struct review r;

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
		walk(&r);
	} else {
		r.status = SC_EXIT_FAIL;
	}
	review_free(&r);
	return r.status;
}
