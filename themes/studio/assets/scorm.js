/*
 * scorm.js: the SCORM 1.2 / SCORM 2004 4th Edition runtime of the coursec
 * default theme.  Plain ES2017, no dependencies, no network.  One file,
 * two roles (docs/scorm-runtime.md has the whole story):
 *
 *   wrapper  in scorm.html, the package's launch page (<body
 *            data-cs-scorm>).  Finds the LMS API, holds the one SCORM
 *            session of the course and shows the course pages in a
 *            full-size <iframe>.  Exposes window.coursecScorm to them.
 *   bridge   in every course page (loaded from partials/head.html with
 *            `defer`, BEFORE course.js and quiz.js).  When the page runs
 *            inside the wrapper's frame (same origin), it seeds the saved
 *            progress before the page's own scripts read it, and forwards
 *            the quiz engine's events (window.coursec.on) to the wrapper.
 *
 * Without an LMS API (the plain HTML output, or scorm.html opened by
 * hand) nothing here does anything visible: pages keep their own
 * progress in localStorage as before.
 *
 * Order of events in a content page (all scripts deferred, in this order:
 * scorm.js, course.js, quiz.js):
 *   1. scorm.js runs: host.attach() tells the wrapper which page this is
 *      (lesson viewed, location) and returns the saved progress; the
 *      visited lessons are written where course.js reads them; a
 *      DOMContentLoaded listener is registered (it runs before quiz.js's,
 *      which quiz.js registers later).
 *   2. course.js and quiz.js run (quiz.js defines window.coursec).
 *   3. DOMContentLoaded: the bridge calls coursec.restore(saved progress)
 *      and subscribes to the engine's events; then quiz.js's own
 *      listener builds the quizzes from the restored progress.
 */
(function () {
	'use strict';

	var doc = document;
	var body = doc.body;
	if (!body)
		return;

	var B36 = '0123456789abcdefghijklmnopqrstuvwxyz';
	var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
	var EVENTS = ['lesson', 'question', 'quiz', 'scenario'];

	function warn(msg) {
		if (window.console && console.warn)
			console.warn('coursec SCORM: ' + msg);
	}

	function parse(text) {
		if (typeof text !== 'string' || text === '')
			return null;
		try {
			return JSON.parse(text);
		} catch (e) {
			return null;
		}
	}

	function isObj(v) {
		return !!v && typeof v === 'object' && !Array.isArray(v);
	}

	/* =================================================================
	 * Bridge: a course page inside the wrapper's frame
	 */

	function bridge() {
		var host = null;
		try {
			if (window.parent !== window && window.parent.coursecScorm &&
			    window.parent.coursecScorm.v === 1)
				host = window.parent.coursecScorm;
		} catch (e) {
			/* Cross-origin parent (an LMS frame, a page that embeds
			   the course): plain HTML mode. */
		}
		if (!host)
			return;

		var lesson = body.getAttribute('data-lesson') || '';
		var course = body.getAttribute('data-course') || '';
		var saved = parse(call('attach', [window, JSON.stringify({
			lesson: lesson,
			href: location.href,
			title: doc.title
		})]));
		if (!isObj(saved))
			return;		/* the wrapper has no session: HTML mode */
		if (saved.end || saved.note)
			notice(saved.end || saved.note, !!saved.end);

		/* course.js reads the visited lessons when it runs, right after
		   this script: make them the LMS's, not whatever an earlier
		   learner or attempt left in this browser. */
		try {
			window.localStorage.setItem('coursec:' + course + ':visited',
			    JSON.stringify({ last: saved.last || '',
			    lessons: isObj(saved.visited) ? saved.visited : {} }));
			/* The engine's own copy too, in case it ever reads its
			   store before DOMContentLoaded; restore() below is the
			   real hand-over (it also works without storage). */
			window.localStorage.setItem('coursec:' + course + ':quiz',
			    JSON.stringify(isObj(saved.engine) ? saved.engine :
			    { v: 1, q: {}, s: {} }));
		} catch (e) { /* no storage: the outline shows no ticks */ }

		var engine = null;
		var shown = Date.now();
		var playStart = {};	/* scenario id -> start of the current play */
		var pending = 0;

		function state() {
			try {
				return engine ? JSON.stringify(engine.state) : null;
			} catch (e) {
				return null;
			}
		}

		function call(name, args) {
			try {
				return host[name].apply(host, args);
			} catch (e) {
				/* The wrapper is gone or broken: never break the page. */
				return null;
			}
		}

		/*
		 * One SCO per module: at the module's last lesson the way on
		 * is the LMS's menu, not the next module's pages (they belong
		 * to another SCO), so Next gives way to a message; a page of
		 * another module says that it is not recorded here.
		 */
		function notice(text, end) {
			var pager = doc.querySelector('.cs-pager');
			var links = doc.querySelectorAll('a[rel="next"]');
			if (end)
				for (var i = 0; i < links.length; i++)
					links[i].hidden = true;
			var p = doc.createElement('p');
			p.className = 'cs-pager__end-text cs-scorm-notice';
			p.setAttribute('role', 'status');
			p.textContent = String(text);
			if (end && pager)
				pager.appendChild(p);
			else {
				var main = doc.querySelector('main') || body;
				main.insertBefore(p, main.firstChild);
			}
		}

		function scenarioTitle(id) {
			var secs = doc.querySelectorAll('section[data-scenario]');
			for (var i = 0; i < secs.length; i++)
				if (secs[i].getAttribute('data-scenario') === id) {
					var t = secs[i].querySelector('.cs-scenario__title');
					return t ? t.textContent.replace(/\s+/g, ' ').trim() : '';
				}
			return '';
		}

		function forward(name, detail) {
			var d = isObj(detail) ? detail : {};
			if (name === 'scenario') {
				var now = Date.now();
				var id = d.scenario;
				if (!playStart[id])
					playStart[id] = shown;
				d.title = scenarioTitle(id);
				d.latency = Math.max(0, now - playStart[id]);
				d.timestamp = new Date(now).toISOString();
				if (d.ended)
					playStart[id] = 0;
			}
			call('event', [name, JSON.stringify(d), state()]);
		}

		function attachEngine() {
			if (engine)
				return;
			var api = window.coursec;
			if (!api || typeof api.restore !== 'function' ||
			    typeof api.on !== 'function')
				return;
			engine = api;
			/* Before quiz.js builds its quizzes (its DOMContentLoaded
			   listener comes after this one): they render the LMS's
			   answers, not a stale localStorage copy. */
			api.restore(isObj(saved.engine) ? saved.engine :
			    { v: 1, q: {}, s: {} });
			EVENTS.forEach(function (name) {
				api.on(name, function (detail) {
					forward(name, detail);
				});
			});
		}

		doc.addEventListener('DOMContentLoaded', attachEngine);
		/* Loaded some other way than `defer`: late is still right,
		   restore() redraws. */
		window.addEventListener('load', attachEngine);

		/* The wrapper asks for the freshest state when it ends. */
		window.__coursecBridge = { state: state };

		/* Answers typed but not checked yet: keep the wrapper's copy
		   current, without committing. */
		function saveSoon() {
			clearTimeout(pending);
			pending = setTimeout(function () {
				if (engine)
					call('save', [state()]);
			}, 400);
		}
		doc.addEventListener('change', saveSoon, true);
		doc.addEventListener('input', saveSoon, true);

		doc.addEventListener('click', function (e) {
			var t = e.target;
			/* "Play again": the next play starts now. */
			var again = t && t.closest && t.closest('.cs-scenario__again');
			if (again) {
				var sec = again.closest('section[data-scenario]');
				if (sec)
					playStart[sec.getAttribute('data-scenario')] = Date.now();
			}
			/* Links out of the course would replace it inside the
			   LMS's frame (and many sites refuse to be framed). */
			var a = t && t.closest && t.closest('a[href]');
			if (a && /^https?:$/.test(a.protocol) &&
			    a.origin !== location.origin && !a.target) {
				a.target = '_blank';
				a.rel = (a.rel ? a.rel + ' ' : '') + 'noopener';
			}
		}, true);

		window.addEventListener('pagehide', function () {
			clearTimeout(pending);
			if (engine)
				call('save', [state()]);
		});
	}

	/* =================================================================
	 * Wrapper: scorm.html
	 */

	function wrapper() {
		var frame = doc.getElementById('cs-scorm-frame');
		var cfgNode = doc.getElementById('cs-scorm-config');
		var cfg = parse(cfgNode ? cfgNode.textContent : '') || {};
		var lessons = Array.isArray(cfg.lessons) ? cfg.lessons : [];
		var assessments = Array.isArray(cfg.assessments) ? cfg.assessments : [];
		var home = cfg.home || 'index.html';
		/* One SCO per module: the manifest launches module k with
		   ?m=k, and this session then covers that module only. */
		var allLessons = lessons;
		var sco = null;
		var mq = /[?&]m=(\d+)(?:&|$)/.exec(window.location.search);
		if (cfg.packaging === 'sco-per-module' && mq) {
			sco = Number(mq[1]);
			lessons = lessons.filter(function (l) {
				return Number(l.sco) === sco;
			});
			var inModule = {};
			lessons.forEach(function (l) {
				inModule[l.href] = 1;
			});
			assessments = assessments.filter(function (a) {
				return inModule[a.href];
			});
			if (lessons.length)
				home = lessons[0].href;
		}
		var graded = (cfg.graded === true || sco !== null) &&
		    assessments.length > 0;
		var completion = /^(lessons|assessment|both)$/.test(cfg.completion) ?
		    cfg.completion : graded ? 'both' : 'lessons';
		var pass = Number(cfg.pass);
		if (!isFinite(pass))
			pass = 80;
		var lang = doc.documentElement.getAttribute('lang') || '';
		var text = isObj(cfg.text) ? cfg.text : {};
		/* The last SCO of a per-module package: its end is the
		   course's end. */
		var lastSco = sco === null || !allLessons.some(function (l) {
			return Number(l.sco) > sco;
		});

		var lessonIndex = {};
		var lessonByHref = {};
		lessons.forEach(function (l, i) {
			lessonIndex[l.id] = i;
			lessonByHref[l.href] = i;
		});
		var lessonHash = fnv1a(lessons.map(function (l) {
			return l.id;
		}).join('\n')).toString(36);

		var lms = discover();
		var session = null;	/* the Session once initialized */
		var st = {
			visited: {},	/* lesson index -> 1 */
			engine: { v: 1, q: {}, s: {} },
			out: {},	/* graded quiz id -> 1: out of attempts */
			location: ''	/* the last lesson page, course-relative */
		};

		var host = {
			v: 1,
			attach: guard(attach),
			event: guard(onEvent),
			save: guard(function (state) {
				takeState(state);
			}),
			_codec: { encode: encodeSuspend, decode: decodeSuspend,
			    fnv1a: fnv1a }
		};
		window.coursecScorm = host;

		/* -------------------------------------------------------------
		 * Launch, resume, end
		 */

		function launch() {
			var s = session;
			var E = s.el;
			s.count = parseInt(s.get(E.count), 10) || 0;
			var entry = s.get(E.entry);
			/* Review, browse and no-credit launches are read-only:
			   the LMS shows a finished (or trial) attempt, and
			   anything written would overwrite the learner's record
			   (2004 LMSs often hand a blank model after exit=normal). */
			var mode = s.get(s.v2004 ? 'cmi.mode' : 'cmi.core.lesson_mode');
			var credit = s.get(s.v2004 ? 'cmi.credit' : 'cmi.core.credit');
			s.readOnly = mode === 'review' || mode === 'browse' ||
			    credit === 'no-credit';
			if (s.readOnly)
				note(text.review);
			if (s.v2004) {
				s.completion = s.get('cmi.completion_status');
				s.success = s.get('cmi.success_status');
				if (!s.readOnly && (s.completion === 'unknown' ||
				    s.completion === 'not attempted' || s.completion === ''))
					s.set('cmi.completion_status', 'incomplete') &&
					    (s.completion = 'incomplete');
				/* The LMS's pass mark (from the manifest, or set by
				   an administrator) wins over the course's. */
				var sps = graded ?
				    parseFloat(s.get('cmi.scaled_passing_score', true)) : NaN;
				if (isFinite(sps) && sps >= 0 && sps <= 1)
					pass = Math.round(sps * 10000) / 100;
			} else {
				s.status = s.get('cmi.core.lesson_status');
				if (!s.readOnly && (s.status === 'not attempted' ||
				    s.status === ''))
					s.set('cmi.core.lesson_status', 'incomplete') &&
					    (s.status = 'incomplete');
				var ms = graded ?
				    parseFloat(s.get('cmi.student_data.mastery_score')) : NaN;
				if (isFinite(ms) && ms >= 0 && ms <= 100)
					pass = ms;
			}
			/* 2004: reading an element that was never set is error
			   403, so only read them when the LMS says it resumes. */
			if (!s.v2004 || entry === 'resume' || entry === '') {
				var loc = s.get(E.location, true);
				var data = s.get('cmi.suspend_data', true);
				var dec = decodeSuspend(data);
				if (dec) {
					st.engine = dec.engine;
					st.out = dec.out;
					if (dec.hash === lessonHash)
						st.visited = dec.visited;
				} else if (data) {
					warn('suspend_data is not in the format of this ' +
					    'course; starting afresh');
				}
				if (loc && Object.prototype.hasOwnProperty.call(lessonByHref, loc))
					st.location = loc;
				s.sent[E.location] = loc;
				s.sent['cmi.suspend_data'] = data;
			}
			/* 2004 interactions are rewritten in place (one per
			   question): find the ones the LMS already has. */
			if (s.v2004 && !s.readOnly)
				for (var i = 0; i < s.count; i++)
					s.ids[s.get('cmi.interactions.' + i + '.id')] = i;
			evaluate();
			flush();

			window.addEventListener('pagehide', end);
			/* The LMS page that holds the API may go first (the tab
			   is closed, the player navigates): end while its API
			   and its request code are still alive. */
			try {
				if (lms.win && lms.win !== window)
					lms.win.addEventListener('pagehide', end);
			} catch (e) { /* closed or another origin */ }
			/* Leaving sends one request, from pagehide: no commit on
			   beforeunload (it can be cancelled, and browsers refuse
			   beacons past their keep-alive quota) nor when the page
			   is hidden.  Browsers that have no pagehide end here. */
			if (!('onpagehide' in window))
				window.addEventListener('beforeunload', end);
		}

		function resumeTarget() {
			return st.location || home;
		}

		function open(path) {
			if (!frame)
				return;
			frame.hidden = false;
			frame.src = path;
		}

		/* Save what changed and commit, while the page is shown (a
		   normal request); nothing is sent when nothing changed. */
		function flush() {
			if (!session || session.done || session.readOnly)
				return;
			pull();
			write();
			if (session.dirty)
				session.commit();
		}

		/*
		 * Exactly once, on pagehide: one final request.  exit was set
		 * (and committed) as soon as it was known; only what changed
		 * since the last commit (answers typed, not checked) and the
		 * session time go with Terminate, which stores them in the
		 * same request.  Read-only: Terminate alone.
		 */
		function end() {
			if (!session || session.done)
				return;
			var s = session;
			if (!s.readOnly) {
				pull();
				write();
				s.set(s.el.session, s.v2004 ? isoDuration(Date.now() - s.t0) :
				    cmiTimespan(Date.now() - s.t0));
			}
			s.finish();
		}

		/* A message above the course (the LMS refused the session,
		   review mode). */
		function note(msg) {
			var p = doc.getElementById('cs-scorm-note');
			if (!p || !msg)
				return;
			p.textContent = String(msg);
			p.hidden = false;
		}

		/* The frame's freshest engine state (answers not yet checked). */
		function pull() {
			try {
				var w = frame && frame.contentWindow;
				var b = w && w.__coursecBridge;
				if (b && typeof b.state === 'function')
					takeState(b.state());
			} catch (e) { /* navigated away or another origin */ }
		}

		/* Location and suspend_data, when they changed. */
		function write() {
			var s = session;
			if (s.readOnly)
				return;
			if (st.location) {
				var max = s.v2004 ? 1000 : 255;
				if (st.location.length <= max)
					s.put(s.el.location, st.location);
			}
			var data = fitSuspend(s.v2004 ? 64000 : 4096);
			if (data !== null)
				s.put('cmi.suspend_data', data);
		}

		/* -------------------------------------------------------------
		 * From the frame
		 */

		function guard(fn) {
			return function () {
				try {
					return fn.apply(null, arguments);
				} catch (e) {
					warn('internal error: ' + (e && e.message || e));
					return null;
				}
			};
		}

		function attach(win, infoText) {
			if (!session || session.done)
				return null;
			var info = parse(infoText) || {};
			if (info.title)
				doc.title = String(info.title);
			var changed = false, mine = false;
			if (info.lesson && Object.prototype.hasOwnProperty.call(lessonIndex, info.lesson)) {
				mine = true;
				changed = viewed(lessonIndex[info.lesson]);
			}
			if (changed) {
				evaluate();
				flush();
			}
			var visited = {};
			var last = '';
			lessons.forEach(function (l, i) {
				if (st.visited[i])
					visited[l.id] = l.href;
				if (l.href === st.location)
					last = l.id;
			});
			var out = { engine: st.engine, visited: visited, last: last };
			/* One SCO per module: its last lesson sends the learner
			   to the LMS's menu (no navigation request: many LMSs
			   cannot start the next SCO under the same API object);
			   another module's page is shown but not counted. */
			if (sco !== null && mine && !lastSco &&
			    info.lesson === lessons[lessons.length - 1].id)
				out.end = text.moduleEnd || '';
			else if (sco !== null && !mine && info.lesson)
				out.note = text.otherModule || '';
			return JSON.stringify(out);
		}

		/* Lesson i seen; returns whether anything changed. */
		function viewed(i) {
			var href = lessons[i].href;
			var changed = !st.visited[i] || st.location !== href;
			st.visited[i] = 1;
			st.location = href;
			return changed;
		}

		function takeState(text) {
			var v = typeof text === 'string' ? parse(text) : text;
			if (isObj(v) && (isObj(v.q) || isObj(v.s)))
				st.engine = { v: 1, q: isObj(v.q) ? v.q : {},
				    s: isObj(v.s) ? v.s : {} };
		}

		function onEvent(name, detailText, stateText) {
			if (!session || session.done)
				return;
			takeState(stateText);
			if (session.readOnly)
				return;
			var d = parse(detailText) || {};
			switch (name) {
			case 'lesson':
				if (Object.prototype.hasOwnProperty.call(lessonIndex, d.lesson) &&
				    viewed(lessonIndex[d.lesson])) {
					evaluate();
					flush();
				}
				break;
			case 'question':
				recordQuestion(d);
				break;
			case 'quiz':
				if (isAssessment(d.quiz)) {
					if (d.attemptsLeft === 0 && !d.passed)
						st.out[d.quiz] = 1;
					evaluate();
				}
				flush();
				break;
			case 'scenario':
				if (d.ended) {
					recordScenario(d);
					flush();
				}
				break;
			}
		}

		function isAssessment(id) {
			return assessments.some(function (a) {
				return a.id === id;
			});
		}

		/* -------------------------------------------------------------
		 * Completion, success, score
		 */

		function quizState(id) {
			var q = st.engine.q[id];
			return isObj(q) ? q : {};
		}

		function assessmentsDone() {
			return assessments.every(function (a) {
				return quizState(a.id).p || st.out[a.id];
			});
		}

		function lessonsDone() {
			for (var i = 0; i < lessons.length; i++)
				if (!st.visited[i])
					return false;
			return true;
		}

		function complete() {
			if (!graded || completion === 'lessons')
				return lessonsDone();
			if (completion === 'assessment')
				return assessmentsDone();
			return lessonsDone() && assessmentsDone();
		}

		/* Course score 0-100: the mean of the assessments' best scores
		   (0 for one not taken), or null before any is checked. */
		function score() {
			if (!graded)
				return null;
			var any = false, sum = 0;
			assessments.forEach(function (a) {
				var q = quizState(a.id);
				if (q.n > 0)
					any = true;
				sum += typeof q.b === 'number' ? q.b : 0;
			});
			if (!any)
				return null;
			return Math.max(0, Math.min(100, Math.floor(sum / assessments.length + 1e-9)));
		}

		/* Nothing left to do: the attempt may close (exit normal). */
		function finished() {
			return complete() && (!graded || assessmentsDone());
		}

		var RANK12 = { 'not attempted': 0, browsed: 0, '': 0, incomplete: 1,
		    completed: 2, failed: 3, passed: 4 };
		var RANKC = { unknown: 0, 'not attempted': 0, '': 0, incomplete: 1,
		    completed: 2 };
		var RANKS = { unknown: 0, '': 0, failed: 1, passed: 2 };

		/*
		 * Score first, then statuses; never a step back (a learner who
		 * passed once stays passed); exit as soon as it is known, so
		 * that the final request need not carry it.  SCORM 1.2: the
		 * score waits until the result is final (every assessment
		 * passed or out of attempts) or the course is complete, since
		 * an LMS that derives the status from the score and the
		 * mastery score (Moodle's default) would otherwise end the
		 * attempt at the first failed try.
		 */
		function evaluate() {
			var s = session;
			if (!s || s.done || s.readOnly)
				return;
			var sc = score();
			var done = complete();
			var send = s.v2004 || done || assessmentsDone() ? sc : null;
			if (send !== null && sc !== s.sentScore) {
				var P = s.v2004 ? 'cmi.score.' : 'cmi.core.score.';
				s.set(P + 'raw', String(sc));
				s.set(P + 'min', '0');
				s.set(P + 'max', '100');
				if (s.v2004)
					s.set(P + 'scaled', decimal(sc / 100, 4));
				s.sentScore = sc;
			}
			var success = send === null ? 'unknown' : sc >= pass ? 'passed' : 'failed';
			/* An ungraded module SCO is satisfied once complete, so
			   the next module's prerequisite opens. */
			if (sco !== null && !graded && done)
				success = 'passed';
			if (s.v2004) {
				if ((graded || sco !== null) && success !== 'unknown' &&
				    RANKS[success] > (RANKS[s.success] || 0))
					s.set('cmi.success_status', success) && (s.success = success);
				var c = done ? 'completed' : 'incomplete';
				if (RANKC[c] > (RANKC[s.completion] || 0))
					s.set('cmi.completion_status', c) && (s.completion = c);
			} else {
				var l = !done ? 'incomplete' :
				    graded && success !== 'unknown' ? success : 'completed';
				if (RANK12[l] > (RANK12[s.status] || 0))
					s.set('cmi.core.lesson_status', l) && (s.status = l);
			}
			s.put(s.el.exit, finished() ? (s.v2004 ? 'normal' : '') :
			    'suspend');
		}

		/* -------------------------------------------------------------
		 * Interactions
		 */

		function recordQuestion(d) {
			var s = session;
			var m = s.v2004 ? map2004(d) : map12(d);
			if (!m)
				return;
			addInteraction({
				id: interactionId(d.quiz + '.' + d.question),
				type: m.type,
				response: m.response,
				patterns: m.patterns,
				result: m.result,
				weighting: d.points,
				latency: d.latency,
				timestamp: d.timestamp,
				text: d.text
			});
		}

		function recordScenario(d) {
			var s = session;
			var path = Array.isArray(d.path) ? d.path.map(String) : [];
			var best = Array.isArray(d.bestPath) ? d.bestPath.map(String) : null;
			var max = s.v2004 ? 4000 : 255;
			var result = d.outcome === 'good' ? 'correct' :
			    d.outcome === 'bad' ? (s.v2004 ? 'incorrect' : 'wrong') : 'neutral';
			addInteraction({
				id: interactionId(d.scenario),
				type: s.v2004 ? 'other' : 'performance',
				response: clip(path.join(','), max),
				patterns: best ? [clip(best.join(','), max)] : [],
				result: result,
				weighting: d.best,
				latency: d.latency,
				timestamp: d.timestamp,
				text: d.title
			});
		}

		/* SCORM 1.2 appends (its interactions are write-only); 2004
		   rewrites the question's interaction in place, so the data
		   model an LMS re-sends on every commit stays as small as the
		   course, however often a learner retries. */
		function addInteraction(r) {
			var s = session;
			var n = s.v2004 && Object.prototype.hasOwnProperty.call(s.ids, r.id) ?
			    s.ids[r.id] : s.count;
			var P = 'cmi.interactions.' + n + '.';
			if (n === s.count) {
				if (!s.set(P + 'id', r.id))
					return;
				s.ids[r.id] = n;
				s.count++;
			}
			s.set(P + 'type', r.type);
			var when = new Date(r.timestamp || Date.now());
			if (isNaN(when.getTime()))
				when = new Date();
			if (s.v2004)
				s.set(P + 'timestamp', isoTime(when));
			else
				s.set(P + 'time', clockTime(when));
			var w = Number(r.weighting);
			if (isFinite(w) && decimal(w, 7) !== null)
				s.set(P + 'weighting', decimal(w, 7));
			(r.patterns || []).forEach(function (p, i) {
				s.set(P + 'correct_responses.' + i + '.pattern', p);
			});
			if (r.response !== '' && r.response != null)
				s.set(P + (s.v2004 ? 'learner_response' : 'student_response'),
				    r.response);
			s.set(P + 'result', r.result);
			var ms = Number(r.latency);
			if (isFinite(ms) && ms >= 0)
				s.set(P + 'latency', s.v2004 ? isoDuration(ms) : cmiTimespan(ms));
			if (s.v2004 && r.text) {
				var desc = langString(r.text, 250);
				if (desc)
					s.set(P + 'description', desc);
			}
		}

		/* An identifier both versions accept: printable ASCII without
		   spaces (1.2 CMIIdentifier, 2004 long_identifier_type). */
		function interactionId(s) {
			var id = String(s == null ? '' : s).replace(/[^A-Za-z0-9_.\-]/g, '_');
			return (id || 'item').slice(0, 255);
		}

		function langString(text, max) {
			var t = String(text).replace(/\s+/g, ' ').trim();
			var prefix = /^([a-zA-Z]{1,8}|i|x)(-[a-zA-Z0-9]{2,8})*$/.test(lang) &&
			    lang.length <= 24 ? '{lang=' + lang + '}' : '';
			if (t.charAt(0) === '{')
				t = '(' + t.slice(1);
			t = clip(t, max - prefix.length);
			return t ? prefix + t : '';
		}

		var TYPES = { single: 'choice', multiple: 'choice', 'true-false': 'true-false',
		    'fill-in': 'fill-in', numeric: 'numeric', matching: 'matching',
		    ordering: 'sequencing', likert: 'likert' };

		function result(d, v2004) {
			if (d.result === 'correct')
				return 'correct';
			if (d.result === 'neutral')
				return 'neutral';
			return v2004 ? 'incorrect' : 'wrong';
		}

		function list(s) {
			return String(s == null ? '' : s).split(',').filter(function (x) {
				return x !== '';
			});
		}

		function pairs(s) {
			return list(s).map(function (p) {
				var i = p.indexOf('.');
				return i > 0 ? [p.slice(0, i), p.slice(i + 1)] : null;
			}).filter(Boolean);
		}

		function shortId(x) {
			return /^[A-Za-z0-9_.\-:]{1,250}$/.test(x) && /\w/.test(x);
		}

		/* SCORM 2004 formats (RTE 4.1.6 / 4.2.9). */
		function map2004(d) {
			var type = TYPES[d.type];
			if (!type)
				return null;
			var resp = '', pats = [];
			var r = d.response, c = d.correct;
			switch (type) {
			case 'choice':
			case 'sequencing':
			case 'likert':
				var ids = list(r);
				if (ids.every(shortId))
					resp = ids.join('[,]');
				var cids = list(c);
				if (type !== 'likert' && cids.length && cids.every(shortId))
					pats.push(cids.join('[,]'));
				if (type === 'likert' && ids.length > 1)
					resp = '';
				break;
			case 'true-false':
				if (r === 'true' || r === 'false')
					resp = r;
				if (c === 'true' || c === 'false')
					pats.push(c);
				break;
			case 'fill-in':
				resp = fillIn(r);
				var answers = Array.isArray(d.answers) && d.answers.length ?
				    d.answers : [c];
				answers.slice(0, 5).forEach(function (a) {
					var t = fillIn(a);
					if (t)
						pats.push('{case_matters=' + (d.caseMatters === true) +
						    '}' + t);
				});
				break;
			case 'numeric':
				var x = parseNumber(r);
				if (!isNaN(x))
					resp = decimal(x, 7) || '';
				var range = numRange(c);
				if (range) {
					var lo = decimal(range[0], 7), hi = decimal(range[1], 7);
					if (lo !== null && hi !== null)
						pats.push(lo + '[:]' + hi);
				}
				break;
			case 'matching':
				var ps = pairs(r);
				if (ps.length && ps.every(function (p) {
					return shortId(p[0]) && shortId(p[1]);
				}))
					resp = ps.map(function (p) {
						return p[0] + '[.]' + p[1];
					}).join('[,]');
				var cps = pairs(c);
				if (cps.length && cps.every(function (p) {
					return shortId(p[0]) && shortId(p[1]);
				}))
					pats.push(cps.map(function (p) {
						return p[0] + '[.]' + p[1];
					}).join('[,]'));
				break;
			}
			return { type: type, response: resp, patterns: pats,
			    result: result(d, true) };
		}

		/* A fill-in string: one line, no [,] delimiter, no leading
		   "{" (it would read as a {lang=} tag), at most 250. */
		function fillIn(s) {
			var t = String(s == null ? '' : s).replace(/[\u0000-\u001f\u007f]/g, ' ')
			    .replace(/\[,\]/g, '[ ,]').trim();
			if (t.charAt(0) === '{')
				t = '(' + t.slice(1);
			return clip(t, 250);
		}

		/* c0..c35, L0..L35, I0..I35 -> one character 0-9a-z (1.2). */
		function char12(id) {
			var m = /^[A-Za-z]+(\d+)$/.exec(String(id));
			var n = m ? parseInt(m[1], 10) : NaN;
			return n >= 0 && n < 36 ? B36.charAt(n) : null;
		}

		function chars12(ids) {
			var out = ids.map(char12);
			return out.every(function (x) {
				return x !== null;
			}) ? out : null;
		}

		/* SCORM 1.2 formats (RTE 3.4.2.7, CMIFeedback per type). */
		function map12(d) {
			var type = TYPES[d.type];
			if (!type)
				return null;
			var resp = '', pats = [];
			var r = d.response, c = d.correct, a;
			switch (type) {
			case 'choice':
			case 'sequencing':
			case 'likert':
				a = chars12(list(r));
				if (a && a.length && (type !== 'likert' || a.length === 1))
					resp = a.join(',');
				if (type !== 'likert') {
					a = chars12(list(c));
					if (a && a.length)
						pats.push(a.join(','));
				}
				break;
			case 'true-false':
				if (r === 'true' || r === 'false')
					resp = r.charAt(0);
				if (c === 'true' || c === 'false')
					pats.push(c.charAt(0));
				break;
			case 'fill-in':
				resp = clip(String(r == null ? '' : r)
				    .replace(/[\u0000-\u001f\u007f]/g, ' ').trim(), 255);
				var t = clip(String(c == null ? '' : c).trim(), 255);
				if (t)
					pats.push(t);
				break;
			case 'numeric':
				var x = parseNumber(r);
				if (!isNaN(x))
					resp = decimal(x, 7) || '';
				/* 1.2 has no ranges: only an exact answer is a pattern. */
				var range = numRange(c);
				if (range && range[0] === range[1] && decimal(range[0], 7) !== null)
					pats.push(decimal(range[0], 7));
				break;
			case 'matching':
				var enc = function (ps) {
					var out = ps.map(function (p) {
						var l = char12(p[0]), rr = char12(p[1]);
						return l !== null && rr !== null ? l + '.' + rr : null;
					});
					return out.length && out.every(function (x) {
						return x !== null;
					}) ? out.join(',') : '';
				};
				resp = enc(pairs(r));
				var cp = enc(pairs(c));
				if (cp)
					pats.push(cp);
				break;
			}
			return { type: type, response: resp, patterns: pats,
			    result: result(d, false) };
		}

		/* "42", "41.5[:]42.5" -> [min, max] */
		function numRange(c) {
			var parts = String(c == null ? '' : c).split('[:]');
			var lo = parseFloat(parts[0]);
			var hi = parts.length > 1 ? parseFloat(parts[1]) : lo;
			return isFinite(lo) && isFinite(hi) ? [lo, hi] : null;
		}

		/* The engine's reading of a typed number (quiz.js parseNumber). */
		function parseNumber(text) {
			var s = String(text == null ? '' : text).trim()
			    .replace(/[\s\u00a0\u202f\u2009']/g, '')
			    .replace(/^\u2212/, '-');
			if (s.indexOf(',') !== -1) {
				if (s.indexOf('.') !== -1)
					s = s.replace(/,/g, '');
				else if ((s.match(/,/g) || []).length === 1)
					s = s.replace(',', '.');
				else
					s = s.replace(/,/g, '');
			}
			if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s))
				return NaN;
			return parseFloat(s);
		}

		/* -------------------------------------------------------------
		 * suspend_data: see docs/scorm-runtime.md
		 */

		function encodeSuspend(state, opts) {
			var o = opts || {};
			var out = { v: 1, h: state.hash, l: bitmap(state.visited, state.lessons) };
			var ids = Object.keys(state.out || {}).filter(function (k) {
				return state.out[k];
			});
			if (ids.length)
				out.f = ids;
			var q = {}, s = {}, any;
			any = false;
			Object.keys(state.engine.q || {}).forEach(function (id) {
				var e = state.engine.q[id];
				if (isObj(e)) {
					q[id] = encQuiz(e, o.level || 0);
					any = true;
				}
			});
			if (any)
				out.q = q;
			any = false;
			Object.keys(state.engine.s || {}).forEach(function (id) {
				var e = state.engine.s[id];
				if (isObj(e)) {
					s[id] = encScenario(e, o.level || 0);
					any = true;
				}
			});
			if (any)
				out.s = s;
			return JSON.stringify(out);
		}

		var QKEYS = { n: 1, c: 1, p: 1, b: 1, s: 1, h: 1, r: 1 };

		/* Quiz: [n, c, p, b, seed, hash, responses(, other keys)].
		   level 1 drops unchecked answers, level 2 keeps only the
		   counts and scores (the quiz starts a fresh attempt). */
		function encQuiz(e, level) {
			var keep = level < 2 && (level < 1 || e.c);
			var a = [int(e.n), e.c && level < 2 ? 1 : 0, e.p ? 1 : 0,
			    typeof e.b === 'number' ? e.b : -1,
			    keep && typeof e.s === 'number' ? (e.s >>> 0).toString(36) : 0,
			    keep && typeof e.h === 'string' ? e.h : 0,
			    keep && Array.isArray(e.r) ? e.r.map(encResp) : 0];
			var extra = rest(e, QKEYS);
			if (extra)
				a.push(extra);
			return a;
		}

		function decQuiz(a) {
			if (!Array.isArray(a))
				return null;
			var e = {};
			if (a[0] > 0)
				e.n = a[0];
			if (a[1])
				e.c = 1;
			if (a[2])
				e.p = 1;
			if (typeof a[3] === 'number' && a[3] >= 0)
				e.b = a[3];
			if (typeof a[4] === 'string')
				e.s = parseInt(a[4], 36) >>> 0;
			if (typeof a[5] === 'string')
				e.h = a[5];
			if (Array.isArray(a[6]))
				e.r = a[6].map(decResp);
			if (isObj(a[7]))
				Object.keys(a[7]).forEach(function (k) {
					if (!QKEYS[k])
						e[k] = a[7][k];
				});
			return e;
		}

		var SKEYS = { n: 1, b: 1, c: 1 };
		var MAX_STEPS = 100;

		/* Scenario: [plays finished, best, choices (one 0-9a-z character
		   per step, or an array if a choice index is 36 or more)]. */
		function encScenario(e, level) {
			var c = Array.isArray(e.c) && level < 2 ? e.c.slice(0, MAX_STEPS) : [];
			var path = c.every(function (i) {
				return i >= 0 && i < 36 && i === Math.floor(i);
			}) ? c.map(function (i) {
				return B36.charAt(i);
			}).join('') : c;
			var a = [int(e.n), typeof e.b === 'number' ? e.b : -1, path];
			var extra = rest(e, SKEYS);
			if (extra)
				a.push(extra);
			return a;
		}

		function decScenario(a) {
			if (!Array.isArray(a))
				return null;
			var e = {};
			if (a[0] > 0)
				e.n = a[0];
			if (typeof a[1] === 'number' && a[1] >= 0)
				e.b = a[1];
			e.c = typeof a[2] === 'string' ? a[2].split('').map(function (ch) {
				return B36.indexOf(ch);
			}) : Array.isArray(a[2]) ? a[2].slice() : [];
			if (isObj(a[3]))
				Object.keys(a[3]).forEach(function (k) {
					if (!SKEYS[k])
						e[k] = a[3][k];
				});
			return e;
		}

		function rest(e, known) {
			var x = null;
			Object.keys(e).forEach(function (k) {
				if (!known[k] && e[k] != null) {
					x = x || {};
					x[k] = e[k];
				}
			});
			return x;
		}

		function int(v) {
			return typeof v === 'number' && v > 0 ? Math.floor(v) : 0;
		}

		var RE_CHOICE = /^c([0-9]|[12][0-9]|3[0-5])(,c([0-9]|[12][0-9]|3[0-5]))*$/;
		var RE_MATCH = /^L([0-9]|[12][0-9]|3[0-5])\.R([0-9]|[12][0-9]|3[0-5])(,L([0-9]|[12][0-9]|3[0-5])\.R([0-9]|[12][0-9]|3[0-5]))*$/;
		var RE_POS = /^([1-9]|[12][0-9]|3[0-5])?(,([1-9]|[12][0-9]|3[0-5])?)+$/;
		var RE_MARK = /^[!~#^_']/;
		var MAX_TEXT = 250;

		/* One stored response, losslessly shorter: choice ids "c0,c3"
		   -> "!03", "true"/"false" -> "^"/"_", matching "L0.R2,L1.R0"
		   -> "~0210", ordering positions "2,,1" -> "#2.1"; anything
		   else is kept as typed (one line, at most 250 characters),
		   behind a "'" if it starts with one of the markers. */
		function encResp(r) {
			if (r == null)
				return 0;
			r = String(r);
			if (RE_CHOICE.test(r))
				return '!' + r.split(',').map(function (x) {
					return B36.charAt(+x.slice(1));
				}).join('');
			if (r === 'true')
				return '^';
			if (r === 'false')
				return '_';
			if (RE_MATCH.test(r))
				return '~' + r.split(',').map(function (p) {
					var i = p.indexOf('.');
					return B36.charAt(+p.slice(1, i)) + B36.charAt(+p.slice(i + 2));
				}).join('');
			if (RE_POS.test(r))
				return '#' + r.split(',').map(function (x) {
					return x === '' ? '.' : B36.charAt(+x);
				}).join('');
			r = r.replace(/[\u0000-\u001f\u007f]/g, ' ')
			    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|([^\ud800-\udbff]|^)[\udc00-\udfff]/g,
			    '$1\ufffd');
			if (r.length > MAX_TEXT)
				r = r.slice(0, MAX_TEXT).replace(/[\ud800-\udbff]$/, '');
			return RE_MARK.test(r) ? '\'' + r : r;
		}

		function decResp(e) {
			if (e === 0 || e == null)
				return null;
			e = String(e);
			var rest_ = e.slice(1);
			switch (e.charAt(0)) {
			case '!':
				return rest_.split('').map(function (ch) {
					return 'c' + B36.indexOf(ch);
				}).join(',');
			case '~':
				var out = [];
				for (var i = 0; i + 1 < rest_.length; i += 2)
					out.push('L' + B36.indexOf(rest_.charAt(i)) + '.R' +
					    B36.indexOf(rest_.charAt(i + 1)));
				return out.join(',');
			case '#':
				return rest_.split('').map(function (ch) {
					return ch === '.' ? '' : String(B36.indexOf(ch));
				}).join(',');
			case '^':
				return e === '^' ? 'true' : e;
			case '_':
				return e === '_' ? 'false' : e;
			case '\'':
				return rest_;
			}
			return e;
		}

		function bitmap(set, n) {
			var out = '';
			for (var i = 0; i < n; i += 6) {
				var v = 0;
				for (var j = 0; j < 6; j++)
					if (set[i + j])
						v |= 1 << j;
				out += B64.charAt(v);
			}
			return out;
		}

		function unbitmap(s) {
			var set = {};
			String(s || '').split('').forEach(function (ch, i) {
				var v = B64.indexOf(ch);
				for (var j = 0; j < 6; j++)
					if (v > 0 && v & (1 << j))
						set[i * 6 + j] = 1;
			});
			return set;
		}

		function decodeSuspend(text) {
			var o = parse(text);
			if (!isObj(o) || o.v !== 1)
				return null;
			var eng = { v: 1, q: {}, s: {} };
			if (isObj(o.q))
				Object.keys(o.q).forEach(function (id) {
					var e = decQuiz(o.q[id]);
					if (e)
						eng.q[id] = e;
				});
			if (isObj(o.s))
				Object.keys(o.s).forEach(function (id) {
					var e = decScenario(o.s[id]);
					if (e)
						eng.s[id] = e;
				});
			var out = {};
			if (Array.isArray(o.f))
				o.f.forEach(function (id) {
					out[String(id)] = 1;
				});
			return { hash: o.h, visited: unbitmap(o.l), engine: eng, out: out };
		}

		/* The encoded state within the limit, dropping what matters
		   least first; null if even that does not fit. */
		function fitSuspend(limit) {
			var state = { hash: lessonHash, visited: st.visited, lessons: lessons.length,
			    out: st.out, engine: st.engine };
			for (var level = 0; level <= 2; level++) {
				var text = encodeSuspend(state, { level: level });
				if (text.length <= limit) {
					if (level > 0)
						warn('suspend_data over ' + limit + ' characters: ' +
						    (level === 1 ? 'answers not yet checked' :
						    'answers and scenario paths') + ' are not saved');
					return text;
				}
			}
			warn('suspend_data does not fit in ' + limit + ' characters; not saved');
			return null;
		}

		/* Start (last: everything above is defined by now). */
		if (lms) {
			session = new Session(lms.api, lms.v2004);
			if (!session.start()) {
				session = null;
				note(text.refused);
			}
		}
		if (session)
			launch();
		open(session ? resumeTarget() : home);
	}

	/* =================================================================
	 * The LMS API: discovery and one session
	 */

	/* RTE API discovery: up the parents (at most 500 steps), then the
	   opener and its parents, then the top window's opener. */
	function discover() {
		var names = [['API_1484_11', true], ['API', false]];
		for (var k = 0; k < names.length; k++) {
			var found = search(window, names[k][0]);
			if (!found) {
				try {
					if (window.opener)
						found = search(window.opener, names[k][0]);
				} catch (e) { /* closed or another origin */ }
			}
			if (!found) {
				try {
					var top = window.top;
					if (top && top.opener && top.opener !== window.opener)
						found = search(top.opener, names[k][0]);
				} catch (e) { /* closed or another origin */ }
			}
			if (found)
				return { api: found.api, win: found.win, v2004: names[k][1] };
		}
		return null;
	}

	/* The API and the window that holds it, or null. */
	function search(win, name) {
		for (var tries = 0; win && tries <= 500; tries++) {
			try {
				var api = win[name];
				if (api && typeof api === 'object' &&
				    typeof api[name === 'API' ? 'LMSInitialize' : 'Initialize'] === 'function')
					return { api: api, win: win };
			} catch (e) { /* another origin: look further up */ }
			var up = null;
			try {
				up = win.parent;
			} catch (e) { /* detached */ }
			if (!up || up === win)
				break;
			win = up;
		}
		return null;
	}

	function Session(api, v2004) {
		this.api = api;
		this.v2004 = v2004;
		this.done = false;
		this.count = 0;
		this.t0 = Date.now();
		this.sentScore = null;
		this.readOnly = false;
		this.dirty = false;	/* set since the last commit */
		this.sent = {};		/* element -> the value last set or read */
		this.ids = {};		/* 2004: interaction id -> index */
		this.el = v2004 ? {
			entry: 'cmi.entry', location: 'cmi.location', exit: 'cmi.exit',
			session: 'cmi.session_time', count: 'cmi.interactions._count'
		} : {
			entry: 'cmi.core.entry', location: 'cmi.core.lesson_location',
			exit: 'cmi.core.exit', session: 'cmi.core.session_time',
			count: 'cmi.interactions._count'
		};
		this.fn = v2004 ? {
			init: 'Initialize', finish: 'Terminate', get: 'GetValue',
			set: 'SetValue', commit: 'Commit', err: 'GetLastError',
			str: 'GetErrorString', diag: 'GetDiagnostic'
		} : {
			init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue',
			set: 'LMSSetValue', commit: 'LMSCommit', err: 'LMSGetLastError',
			str: 'LMSGetErrorString', diag: 'LMSGetDiagnostic'
		};
	}

	/* One API call; non-zero error codes are logged (not thrown).  quiet:
	   "not initialized" on a read is expected there (2004: 403). */
	Session.prototype.call = function (name, args, quiet) {
		if (this.done)
			return '';
		var fn = this.fn[name];
		var r;
		try {
			r = this.api[fn].apply(this.api, args);
		} catch (e) {
			warn(fn + '(' + args.join(', ') + ') threw: ' + (e && e.message || e));
			return '';
		}
		if (name === 'finish') {
			this.done = true;
			/* After a successful Terminate nothing more is called. */
			if (String(r) === 'true')
				return r;
		}
		var code = '0';
		try {
			code = String(this.api[this.fn.err]());
		} catch (e) { /* an API without it */ }
		if (code !== '0' && code !== '' && !(quiet && code === '403')) {
			var text = '', diag = '';
			try {
				text = String(this.api[this.fn.str](code));
				diag = String(this.api[this.fn.diag](code));
			} catch (e) { /* see above */ }
			warn(fn + '(' + args.map(function (a) {
				return JSON.stringify(String(a).slice(0, 80));
			}).join(', ') + ') -> error ' + code + (text ? ' ' + text : '') +
			    (diag && diag !== text ? ' (' + diag + ')' : ''));
		}
		return r;
	};

	Session.prototype.start = function () {
		var r = this.call('init', ['']);
		if (String(r) !== 'true') {
			warn('the LMS refused to start the session; progress is not recorded');
			this.done = true;
			return false;
		}
		this.t0 = Date.now();
		return true;
	};

	Session.prototype.get = function (el, quiet) {
		var v = this.call('get', [el], quiet);
		return v == null ? '' : String(v);
	};

	Session.prototype.set = function (el, value) {
		if (this.readOnly)
			return false;
		var ok = String(this.call('set', [el, String(value)])) === 'true';
		if (ok) {
			this.sent[el] = String(value);
			this.dirty = true;
		}
		return ok;
	};

	/* Set only if the value differs from the one last set or read. */
	Session.prototype.put = function (el, value) {
		if (this.sent[el] === String(value))
			return true;
		return this.set(el, value);
	};

	Session.prototype.commit = function () {
		var ok = String(this.call('commit', [''])) === 'true';
		if (ok)
			this.dirty = false;
		return ok;
	};

	Session.prototype.finish = function () {
		return String(this.call('finish', [''])) === 'true';
	};

	/* =================================================================
	 * Formats
	 */

	function clip(s, max) {
		s = String(s == null ? '' : s);
		if (s.length <= max)
			return s;
		return s.slice(0, max).replace(/[\ud800-\udbff]$/, '');
	}

	/* A decimal without exponent, at most `places` decimals, at most 10
	   integer digits (real(10,7) / CMIDecimal); null if it cannot be. */
	function decimal(x, places) {
		if (!isFinite(x) || Math.abs(x) >= 1e10)
			return null;
		var s = x.toFixed(places);
		if (s.indexOf('.') !== -1)
			s = s.replace(/0+$/, '').replace(/\.$/, '');
		if (s === '-0')
			s = '0';
		return s;
	}

	function pad(n, w) {
		var s = String(n);
		while (s.length < w)
			s = '0' + s;
		return s;
	}

	/* SCORM 2004 timeinterval: PT1H2M3.45S (PT0S for nothing). */
	function isoDuration(ms) {
		var cs = Math.max(0, Math.round(ms / 10));
		var h = Math.floor(cs / 360000);
		var m = Math.floor(cs / 6000) % 60;
		var s = cs % 6000;
		var out = 'PT';
		if (h)
			out += h + 'H';
		if (m)
			out += m + 'M';
		if (s || (!h && !m))
			out += (s % 100 ? (s / 100).toFixed(2).replace(/0$/, '') : s / 100) + 'S';
		return out;
	}

	/* SCORM 1.2 CMITimespan: HHHH:MM:SS.SS (hours 2 to 4 digits). */
	function cmiTimespan(ms) {
		var cs = Math.max(0, Math.round(ms / 10));
		var max = 9999 * 360000 + 59 * 6000 + 5999;
		if (cs > max)
			cs = max;
		var h = Math.floor(cs / 360000);
		var m = Math.floor(cs / 6000) % 60;
		var s = Math.floor(cs / 100) % 60;
		return pad(h, 2) + ':' + pad(m, 2) + ':' + pad(s, 2) + '.' + pad(cs % 100, 2);
	}

	/* SCORM 2004 time (second,10,0): UTC, hundredths, "Z" (the zone may
	   only follow the fraction). */
	function isoTime(d) {
		return d.toISOString().slice(0, 22) + 'Z';
	}

	/* SCORM 1.2 CMITime: local time of day HH:MM:SS. */
	function clockTime(d) {
		return pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' +
		    pad(d.getSeconds(), 2);
	}

	function fnv1a(s) {
		var b = unescape(encodeURIComponent(String(s)));
		var h = 2166136261;
		for (var i = 0; i < b.length; i++) {
			h ^= b.charCodeAt(i);
			h = Math.imul(h, 16777619) >>> 0;
		}
		return h >>> 0;
	}

	/* Last, once every function and table above is defined. */
	if (body.hasAttribute('data-cs-scorm'))
		wrapper();
	else
		bridge();
})();
