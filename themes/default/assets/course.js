/*
 * course.js: progressive enhancement for the coursec default theme.
 * Plain ES2017, no dependencies, loaded with `defer`.  Every page works
 * without it; with it:
 *   - lesson pages record themselves as visited in localStorage;
 *   - every course outline marks visited lessons (.cs-visited on the
 *     item, shown as a tick, and a hidden "(visited)" in the link);
 *   - the home page's start button becomes "Continue" to the last lesson;
 *   - unlabelled Markdown task-list checkboxes get a name, and tables or
 *     code blocks that scroll sideways become focusable so the keyboard
 *     can scroll them;
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

	/* 2. Mark visited lessons in every outline on the page. */
	var visited = new Set();
	Object.keys(state.lessons).forEach(function (id) {
		visited.add(state.lessons[id]);
	});

	var label = body.getAttribute('data-visited-label') || 'visited';
	var byPath = new Map();
	var links = document.querySelectorAll(
	    '.cs-outline .cs-outline__lesson a[href]');

	Array.prototype.forEach.call(links, function (a) {
		var path = coursePath(a.getAttribute('href'));
		if (path === null)
			return;
		if (!byPath.has(path))
			byPath.set(path, a);
		var li = a.closest('.cs-outline__lesson');
		if (!visited.has(path) || li.classList.contains('cs-visited'))
			return;
		li.classList.add('cs-visited');
		/* Inside the link, so it is part of the link's name:
		   "Hand hygiene (visited)".  The visible tick is CSS. */
		var text = document.createElement('span');
		text.className = 'cs-visually-hidden';
		text.textContent = ' (' + label + ')';
		a.appendChild(text);
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

	/* 4. Task-list checkboxes from Markdown ("- [x] ...") come without a
	   label, so screen readers announce a bare "checkbox".  Name each one
	   by its item's own text (not nested lists).  A no-op once the
	   compiler emits labelled boxes. */
	var boxes = document.querySelectorAll('.cs-body li input[type="checkbox"]');
	Array.prototype.forEach.call(boxes, function (box) {
		if (box.labels && box.labels.length) return;
		if (box.hasAttribute('aria-label') || box.hasAttribute('aria-labelledby'))
			return;
		var item = box.closest('li');
		var name = '';
		Array.prototype.forEach.call(item.childNodes, function (n) {
			if (n.nodeType === 1 && /^(UL|OL)$/.test(n.nodeName))
				return;
			name += n.textContent;
		});
		name = name.replace(/\s+/g, ' ').trim();
		if (name)
			box.setAttribute('aria-label', name);
	});

	/* 5. Wide tables and code blocks scroll sideways inside the page; a
	   keyboard user can only scroll them if they can be focused.  Only
	   while they actually overflow, so narrow ones add no Tab stops. */
	var scrollers = document.querySelectorAll('.cs-body table, .cs-body pre');
	var markScrollers = function () {
		Array.prototype.forEach.call(scrollers, function (el) {
			if (el.scrollWidth > el.clientWidth + 1)
				el.setAttribute('tabindex', '0');
			else if (el.getAttribute('tabindex') === '0')
				el.removeAttribute('tabindex');
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
