# coursec: plain GNU make, dependencies through pkg-config.
# Local overrides (CC, CFLAGS, PREFIX...) go in config.mk.
-include config.mk

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
DATADIR	?= $(PREFIX)/share/coursec
MANDIR	?= $(PREFIX)/share/man
CC	?= cc
PKGS	 = libcmark-gfm libxml-2.0 libzip yaml-0.1
PKG_CFLAGS != pkg-config --cflags $(PKGS) 2>/dev/null || echo
PKG_LIBS   != pkg-config --libs $(PKGS) 2>/dev/null || echo
CFLAGS	?= -O2 -g
WFLAGS	 = -Wall -Wextra -Wshadow -std=c11 -D_POSIX_C_SOURCE=200809L \
	   -D_DEFAULT_SOURCE
ALL_CFLAGS = $(WFLAGS) $(CFLAGS) $(PKG_CFLAGS) -DDATADIR='"$(DATADIR)"'

SRCS	 = compiler/build.c compiler/course.c compiler/escape.c \
	   compiler/markdown.c compiler/meta.c compiler/msg.c \
	   compiler/output.c compiler/render.c compiler/theme.c \
	   compiler/util.c
OBJS	 = $(SRCS:.c=.o)
MAIN	 = compiler/main.o

.PHONY: all deps courses test install uninstall clean asan valgrind regen bench

all: deps coursec courses

deps:
	@sh tools/deps.sh build

coursec: $(OBJS) $(MAIN)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(MAIN) $(PKG_LIBS)

compiler/%.o: compiler/%.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Headers each object depends on, written out.
HDR_COMMON = compiler/util.h compiler/msg.h
compiler/build.o: compiler/build.c $(HDR_COMMON) compiler/courseware.h compiler/extern.h compiler/theme.h
compiler/course.o: compiler/course.c $(HDR_COMMON) compiler/courseware.h compiler/extern.h compiler/meta.h
compiler/escape.o: compiler/escape.c $(HDR_COMMON) compiler/escape.h
compiler/main.o: compiler/main.c $(HDR_COMMON) compiler/courseware.h compiler/extern.h
compiler/markdown.o: compiler/markdown.c $(HDR_COMMON) compiler/courseware.h compiler/extern.h
compiler/meta.o: compiler/meta.c $(HDR_COMMON) compiler/meta.h
compiler/msg.o: compiler/msg.c compiler/msg.h
compiler/output.o: compiler/output.c $(HDR_COMMON) compiler/courseware.h compiler/extern.h
compiler/render.o: compiler/render.c $(HDR_COMMON) compiler/courseware.h compiler/extern.h compiler/theme.h
compiler/theme.o: compiler/theme.c $(HDR_COMMON) compiler/escape.h compiler/meta.h compiler/theme.h
compiler/util.o: compiler/util.c $(HDR_COMMON)

courses: coursec
	./coursec build -o output

clean:
	rm -f coursec $(OBJS) $(MAIN) tests/unit/*.o tests/unit/unit
	rm -rf output
