/* Opens the poster of a network: each network's file adds its constructor
 * to the table below, so sc-reply names no network itself. */
#include <string.h>

#include "post_net.h"

static const struct {
	const char *network;
	struct poster *(*open)(const struct post_opts *o, struct buf *err);
} posters[] = {
	{"x", post_x_open},
	{"mastodon", post_mastodon_open},
	{"bluesky", post_bluesky_open},
	{"facebook", post_facebook_open},
	{"instagram", post_instagram_open},
	{NULL, NULL},
};

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
