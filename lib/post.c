/* Opens the poster of a network: each network's file adds its constructor
 * to the table below, so sc-reply names no network itself. */
#include <string.h>

#include "post_net.h"

static const struct {
	const char *network;
	struct poster *(*open)(const struct post_opts *o, struct buf *err);
	int (*check)(const struct post_req *r, struct buf *why);
} posters[] = {
	{"x", post_x_open, post_x_check},
	{"mastodon", post_mastodon_open, post_mastodon_check},
	{"bluesky", post_bluesky_open, post_bluesky_check},
	{"facebook", post_facebook_open, post_facebook_check},
	{"instagram", post_instagram_open, post_instagram_check},
	{NULL, NULL, NULL},
};

int post_check(const char *network, const struct post_req *r, struct buf *why)
{
	for (size_t i = 0; network && posters[i].network; i++)
		if (strcmp(posters[i].network, network) == 0)
			return posters[i].check(r, why);
	return 0;
}

struct poster *post_open(const struct post_opts *o, struct buf *err)
{
	for (size_t i = 0; posters[i].network; i++)
		if (strcmp(posters[i].network, o->network) == 0)
			return posters[i].open(o, err);
	buf_printf(err, "posting to %s is not supported", o->network);
	return NULL;
}

void post_res_init(struct post_res *res)
{
	*res = (struct post_res){BUF_INIT, BUF_INIT};
}

void post_res_free(struct post_res *res)
{
	buf_free(&res->remote_id);
	buf_free(&res->error);
}
