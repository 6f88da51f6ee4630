/*
 * deflate.h: zip entry data compressed once with libdeflate, and a
 * run-wide cache so files every course shares (the theme's assets) are
 * deflated once per run, not once per course and package.
 * Used by package.c.  Include after <stddef.h> and <stdint.h>.
 */
#ifndef DEFLATE_H
#define DEFLATE_H

/* One entry's data as it goes into a zip. */
struct zdata {
	unsigned char	*data;		/* deflated (or stored) bytes */
	size_t		 csize;		/* length of data */
	size_t		 usize;		/* uncompressed length */
	uint32_t	 crc;		/* CRC-32 of the uncompressed bytes */
	int		 deflated;	/* 1 deflate, 0 stored */
	int		 shared;	/* owned by the cache: do not free */
};

struct libdeflate_compressor;

/* A compressor (level 4, deflate.c says why), for one thread at a time. */
struct libdeflate_compressor *zd_compressor(void);
void		 zd_compressor_free(struct libdeflate_compressor *);
/*
 * Fills z from len bytes at buf: deflated unless store is set or
 * deflating does not make it smaller (as zip(1) does).
 */
void		 zd_make(struct zdata *z, struct libdeflate_compressor *,
		    const void *buf, size_t len, int store);
/*
 * The same, through the run-wide cache: the bytes of an entry named
 * name that were seen before (same name, same content) are not deflated
 * again.  Thread-safe.  For files shared by many courses only, so the
 * cache stays small.
 */
void		 zd_make_shared(struct zdata *z,
		    struct libdeflate_compressor *, const char *name,
		    const void *buf, size_t len, int store);
void		 zd_free(struct zdata *);
/* Empties the cache (end of run). */
void		 zd_cache_free(void);

#endif /* !DEFLATE_H */
