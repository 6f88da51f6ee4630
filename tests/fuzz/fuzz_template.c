/*
 * fuzz_template.c: libFuzzer harness for the template parser and
 * renderer (every input must be either rendered or rejected with
 * diagnostics, never crash or leak).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../compiler/util.h"
#include "../../compiler/msg.h"
#include "../../compiler/theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE	*devnull;
	struct theme	*th;
	struct tval	*ctx, *list, *o;
	struct buf	 b = { NULL, 0, 0 };
	char		*src;

	if (devnull == NULL) {
		devnull = fopen("/dev/null", "w");
		msg_set_output(devnull);
	}
	src = xstrndup((const char *)data, size);
	if ((th = theme_load_string("fuzz.html", src)) != NULL) {
		ctx = tv_obj();
		tv_set(ctx, "title", tv_str("<T & \"q\">"));
		tv_set(ctx, "none", tv_null());
		list = tv_list();
		o = tv_obj();
		tv_set(o, "name", tv_str("a"));
		tv_push(list, o);
		tv_push(list, tv_str("b"));
		tv_set(ctx, "items", list);
		theme_render(th, "main", ctx, &b, NULL);
		buf_free(&b);
		tv_free(ctx);
		theme_free(th);
	}
	free(src);
	return 0;
}
