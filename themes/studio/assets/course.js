/*
 * course.js: progressive enhancement for the coursec default theme.
 * Plain ES2017, no dependencies, loaded with `defer`.  Every page works
 * without it; with it:
 *   - lesson pages record themselves as visited in localStorage;
 *   - every course outline marks visited lessons (.cs-visited on the
 *     item, a ring) and complete ones (.cs-complete too, a tick), with
 *     the state in words hidden in the link;
 *   - the home page's start button becomes "Continue" to the last lesson;
 *   - tables or code blocks that scroll sideways become focusable so the keyboard
 *     can scroll them, and tables show a cue while they overflow;
 *   - body images link to their own file, to open them full size;
 *   - the side outline is opened on wide screens for browsers that cannot
 *     do it in CSS, and scrolled so the current lesson is in view.
 *
 * No keyboard shortcuts on purpose: Alt+Arrow is the browser's own
 * back/forward and single letters belong to screen readers' browse mode.
 * rel="prev"/"next" links in the pager are one Tab away instead.
 *
 * Storage: key "coursec:<course id>:visited", value JSON
 *   {"last": "<lesson id>", "lessons": {"<lesson id>": "<page path>"}}
 * where the page path is relative to the course root ("m/a.html").  The
 * path is kept because the outline knows lessons only by their links.
 */
(function () {
	'use strict';

	var body = document.body;
	var course = body.getAttribute('data-course');
	if (!course || !window.URL)
		return;

	var KEY = 'coursec:' + course + ':visited';

	/* Everything below is keyed on paths relative to the course root, so
	   that pages at different depths agree.  data-root is "" or "../". */
	var base = new URL(body.getAttribute('data-root') || './', location.href);

	function coursePath(href) {
		var u;
		try {
			u = new URL(href, location.href);
		} catch (e) {
			return null;
		}
		u.hash = '';
		u.search = '';
		return u.href.indexOf(base.href) === 0 ?
		    u.href.slice(base.href.length) : null;
	}

	/* localStorage can be missing, disabled, full or throw on access
	   (Safari private mode, some file:// setups, sandboxed iframes in an
	   LMS): then the course simply forgets, it never breaks. */
	function load() {
		try {
			var v = JSON.parse(window.localStorage.getItem(KEY) || 'null');
			if (v && typeof v === 'object' && v.lessons &&
			    typeof v.lessons === 'object')
				return v;
		} catch (e) { /* no storage or bad JSON: start afresh */ }
		return { last: '', lessons: {} };
	}

	function save(state) {
		try {
			window.localStorage.setItem(KEY, JSON.stringify(state));
		} catch (e) { /* see load() */ }
	}

	var state = load();

	/* 1. Record this lesson. */
	var lesson = body.getAttribute('data-lesson');
	var here = coursePath(location.href);
	if (lesson && here !== null) {
		state.lessons[lesson] = here;
		state.last = lesson;
		save(state);
	}

	/* 2. Mark visited and complete lessons in every outline on the
	   page: a ring for "visited, not yet complete", a tick for
	   "complete", each also said in words inside the link.  Seeing a
	   page is not finishing it: a lesson with a graded quiz is complete
	   once every graded quiz on it has been passed, as quiz.js records
	   it (coursec.state, restored from the LMS too); data-graded lists
	   them as "page#quiz-id". */
	var graded = {};
	(body.getAttribute('data-graded') || '').split(/\s+/).forEach(function (g) {
		var i = g.lastIndexOf('#');
		if (i <= 0)
			return;
		(graded[g.slice(0, i)] = graded[g.slice(0, i)] || []).push(g.slice(i + 1));
	});

	function passed(id) {
		var st = null;
		try {
			st = window.coursec && window.coursec.state;
		} catch (e) { /* no quiz engine */ }
		return !!(st && st.q && st.q[id] && st.q[id].p);
	}

	var label = body.getAttribute('data-visited-only-label') ||
	    body.getAttribute('data-visited-label') || 'visited';
	var doneLabel = body.getAttribute('data-complete-label') || 'complete';
	var byPath = new Map();
	var links = document.querySelectorAll(
	    '.cs-outline .cs-outline__lesson a[href]');

	function mark() {
		var visited = new Set();
		Object.keys(state.lessons).forEach(function (id) {
			visited.add(state.lessons[id]);
		});
		Array.prototype.forEach.call(links, function (a) {
			var path = coursePath(a.getAttribute('href'));
			if (path === null)
				return;
			if (!byPath.has(path))
				byPath.set(path, a);
			var li = a.closest('.cs-outline__lesson');
			if (!visited.has(path))
				return;
			var done = !graded[path] || graded[path].every(passed);
			li.classList.add('cs-visited');
			li.classList.toggle('cs-complete', done);
			/* Inside the link, so it is part of the link's name:
			   "Hand hygiene (complete)".  The visible mark is CSS. */
			var text = a.querySelector('.cs-outline__state');
			if (!text) {
				text = document.createElement('span');
				text.className = 'cs-visually-hidden cs-outline__state';
				a.appendChild(text);
			}
			text.textContent = ' (' + (done ? doneLabel : label) + ')';
		});
	}
	mark();

	/* quiz.js loads after this file: look again once it has read its
	   state, and after every graded check. */
	if (Object.keys(graded).length)
		document.addEventListener('DOMContentLoaded', function () {
			mark();
			if (window.coursec && typeof window.coursec.on === 'function')
				window.coursec.on('quiz', function (e) {
					if (e && e.mode === 'graded')
						mark();
				});
		});

	/* 3. Home page: "Start course" becomes "Continue" + last lesson,
	   but only if that lesson still exists in this build. */
	var start = document.querySelector('a.cs-start');
	var lastPath = state.last && state.lessons[state.last];
	var target = lastPath ? byPath.get(lastPath) : null;
	if (start && target) {
		var startLabel = start.querySelector('.cs-start__label');
		var startDetail = start.querySelector('.cs-start__detail');
		var title = target.querySelector('.cs-outline__title');
		start.setAttribute('href', target.getAttribute('href'));
		if (startLabel)
			startLabel.textContent =
			    body.getAttribute('data-continue-label') || 'Continue';
		if (startDetail && title)
			startDetail.textContent = title.textContent;
	}

	/* 4. Wide tables and code blocks scroll sideways inside the page.
	   Tables get a frame that says so while they overflow (a phone
	   clips them at the edge with no other cue) and every scroller
	   becomes focusable then, so the keyboard can scroll it too. */
	var scrollLabel = body.getAttribute('data-scroll-label') || '';
	Array.prototype.forEach.call(document.querySelectorAll('.cs-body table'),
	    function (table) {
		if (table.parentNode.classList.contains('cs-scroll'))
			return;
		var wrap = document.createElement('div');
		wrap.className = 'cs-scroll';
		table.parentNode.insertBefore(wrap, table);
		wrap.appendChild(table);
		var cue = document.createElement('p');
		cue.className = 'cs-scroll__cue';
		cue.setAttribute('aria-hidden', 'true');
		cue.textContent = scrollLabel;
		wrap.appendChild(cue);
	});
	var scrollers = document.querySelectorAll('.cs-body table, .cs-body pre');
	var markScrollers = function () {
		Array.prototype.forEach.call(scrollers, function (el) {
			var over = el.scrollWidth > el.clientWidth + 1;
			if (over)
				el.setAttribute('tabindex', '0');
			else if (el.getAttribute('tabindex') === '0')
				el.removeAttribute('tabindex');
			if (el.parentNode.classList.contains('cs-scroll'))
				el.parentNode.classList.toggle('cs-scroll--more', over);
		});
	};
	if (scrollers.length) {
		markScrollers();
		var pending = 0;
		window.addEventListener('resize', function () {
			clearTimeout(pending);
			pending = setTimeout(markScrollers, 150);
		});
	}

	/* 5. Diagrams shrink to a phone's width until their labels cannot
	   be read: each image that is not already a link gets a link to its
	   own file, which the browser shows full size and lets you zoom. */
	var openLabel = body.getAttribute('data-open-label') || '';
	Array.prototype.forEach.call(document.querySelectorAll('.cs-body img'),
	    function (img) {
		if (img.closest('a, .cs-quiz, .cs-scenario'))
			return;
		var a = document.createElement('a');
		a.className = 'cs-zoom';
		a.href = img.getAttribute('src');
		img.parentNode.insertBefore(a, img);
		a.appendChild(img);
		var t = document.createElement('span');
		t.className = 'cs-zoom__label';
		t.textContent = openLabel;
		a.appendChild(t);
	});

	/* 6. Side outline: CSS shows it on wide screens where
	   ::details-content is supported; elsewhere open the <details>
	   here, and close it again when the window becomes narrow. */
	var side = document.querySelector('details.cs-sidenav');
	if (side && window.matchMedia) {
		var wide = window.matchMedia('(min-width: 64em)');
		var sync = function () {
			side.open = wide.matches;
		};
		if (wide.matches)
			side.open = true;
		if (wide.addEventListener)
			wide.addEventListener('change', sync);
		else if (wide.addListener)
			wide.addListener(sync);

		/* Long courses: bring the current lesson into the column's view
		   without scrolling the page itself. */
		var current = side.querySelector('[aria-current="page"]');
		if (current && wide.matches && side.scrollHeight > side.clientHeight) {
			var top = current.getBoundingClientRect().top -
			    side.getBoundingClientRect().top;
			if (top > side.clientHeight * 0.6)
				side.scrollTop = top - side.clientHeight / 3;
		}
	}
})();
