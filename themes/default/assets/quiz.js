/*
 * quiz.js: the quiz and scenario engine of the coursec default theme.
 * Plain ES2017, no dependencies, no network, works from file://.  Loaded
 * on every page with `defer`; a page without quizzes costs one lookup.
 *
 * Progressive enhancement over the compiler's markup (the contract is
 * docs/quiz-runtime.md): without this script every question is a plain
 * form control and every scenario node is listed with links.  With it:
 *
 *   quizzes (section.cs-quiz)    grading of every question type, feedback
 *                                per choice and per question, score and
 *                                pass mark, attempts and "Try again",
 *                                shuffled choices and drawn questions,
 *                                answers revealed per data-reveal;
 *   scenarios (section.cs-scenario)  one node at a time, choices as
 *                                buttons, feedback, outcome, score and
 *                                "Play again".
 *
 * Interface strings: English defaults below, overridden by the JSON
 * object in data-cs-strings on <body>, then by the page's
 * <script type="application/json" id="cs-strings"> (where the compiler
 * writes the theme's quiz_* and scenario_* strings), then by
 * data-cs-strings on the quiz or scenario section.  Placeholders: {score} {raw} {max} {pass} {n} {total} {list}
 * {answer} {min} {max} {choice} {best}.
 *
 * API (window.coursec, extended if course.js or a host defined it):
 *   on(name, fn) -> unsubscribe   events "lesson", "question", "quiz",
 *                                 "scenario"; "lesson" is replayed to late
 *                                 subscribers (it fires once, at load)
 *   state                         deep copy of the stored progress
 *   restore(snapshot)             replace the progress and redraw
 *   _seed(n)                      tests: make draws and shuffles
 *                                 deterministic (also ?seed=n in the URL)
 * Each event is also dispatched on document as CustomEvent
 * "coursec:<name>" with the same object as detail.
 *
 * Storage: localStorage "coursec:<course id>:quiz", compact JSON
 *   {"v":1,
 *    "q":{"<quiz id>":{"n":attempts checked,"c":1 if the current attempt
 *         is checked,"s":seed of the current attempt,"r":[response of
 *         question i in written order, null if not shown],"b":best score,
 *         "p":1 once passed,"h":hash of the question ids}},
 *    "s":{"<scenario id>":{"c":[choice index per step],"n":plays
 *         finished,"b":best score}}}
 * Responses are stored in the event's response form except ordering,
 * stored as the position picked for each item in correct order ("2,,1").
 */
(function () {
	'use strict';

	var doc = document;
	var api = window.coursec = window.coursec || {};

	var DEFAULTS = {
		quiz_check: 'Check answers',
		quiz_retry: 'Try again',
		quiz_correct: 'Correct',
		quiz_incorrect: 'Incorrect',
		quiz_recorded: 'Answer recorded',
		quiz_unanswered: 'Not answered (counted as incorrect)',
		quiz_skipped: 'Not answered',
		quiz_unanswered_one: 'Question {list} was not answered (counted as incorrect).',
		quiz_unanswered_many: 'Questions {list} were not answered (counted as incorrect).',
		quiz_not_a_number: 'This is not a number.',
		quiz_question_n: 'Question {n} of {total}',
		quiz_score: 'Your score: {score}% ({raw} of {max} points).',
		quiz_passed: 'Passed: the pass mark is {pass}%.',
		quiz_failed: 'Not passed: the pass mark is {pass}%.',
		quiz_survey_done: 'Thank you: your answers are recorded.',
		quiz_pass_mark: 'Pass mark: {pass}%.',
		quiz_attempts_left: 'Attempts left: {n}.',
		quiz_no_attempts: 'No attempts left.',
		quiz_correct_answer: 'Correct answer: {answer}',
		quiz_correct_choice: 'correct answer',
		quiz_range: '{min} to {max}',
		scenario_choose: 'What do you do?',
		scenario_you_chose: 'You chose: {choice}',
		scenario_outcome_good: 'Good outcome',
		scenario_outcome_neutral: 'Mixed outcome',
		scenario_outcome_bad: 'Poor outcome',
		scenario_score: 'Your score: {score}% ({raw} of {best} points).',
		scenario_play_again: 'Play again',
		scenario_narration: 'Narration',
		scenario_them: 'The other person',
		scenario_you: 'You',
		scenario_so_far: 'The conversation so far',
		scenario_review: 'Your path through the conversation',
		scenario_step_points: '{points} of {best} points',
		quiz_practice_note: 'Practice: this check does not count towards your score.',
		quiz_your_choice_right: 'your answer: correct',
		quiz_your_choice_wrong: 'your answer: incorrect',
		quiz_answer_key: 'Answer key',
		quiz_print_key: 'Print with the answer key'
	};

	var body = doc.body;
	var COURSE = (body && body.getAttribute('data-course')) || '';
	var LESSON = (body && body.getAttribute('data-lesson')) || '';
	var KEY = 'coursec:' + COURSE + ':quiz';
	var LANG = doc.documentElement.getAttribute('lang') || 'en';

	/* ---------------------------------------------------------------
	 * Small helpers
	 */

	function each(list, fn) {
		Array.prototype.forEach.call(list, fn);
	}

	function toArray(list) {
		return Array.prototype.slice.call(list);
	}

	function el(tag, cls, text) {
		var e = doc.createElement(tag);
		if (cls)
			e.className = cls;
		if (text != null)
			e.textContent = text;
		return e;
	}

	function format(template, vars) {
		return String(template).replace(/\{(\w+)\}/g, function (m, k) {
			return Object.prototype.hasOwnProperty.call(vars, k) ?
			    String(vars[k]) : m;
		});
	}

	function readStrings(node) {
		var s = {};
		var raw = node && node.getAttribute('data-cs-strings');
		if (raw) {
			try {
				var v = JSON.parse(raw);
				if (v && typeof v === 'object')
					s = v;
			} catch (e) { /* bad JSON: keep the defaults */ }
		}
		return s;
	}

	// The page's strings: the compiler writes them once, as JSON in
	// <script id="cs-strings"> before the first quiz or role-play.
	var pageStrings = readStrings(body);
	(function () {
		var el = document.getElementById('cs-strings');
		var v = null;
		try {
			v = el && JSON.parse(el.textContent);
		} catch (e) { /* bad JSON: keep the defaults */ }
		if (v && typeof v === 'object')
			for (var k in v)
				if (Object.prototype.hasOwnProperty.call(v, k))
					pageStrings[k] = v[k];
	})();

	function stringsFor(section) {
		var own = readStrings(section);
		return function (k) {
			if (typeof own[k] === 'string')
				return own[k];
			if (typeof pageStrings[k] === 'string')
				return pageStrings[k];
			return DEFAULTS[k] || k;
		};
	}

	var numberFormat = null;
	try {
		numberFormat = new Intl.NumberFormat(LANG, { maximumFractionDigits: 6 });
	} catch (e) { /* unknown locale: plain numbers */ }

	function fmtNum(x) {
		return numberFormat ? numberFormat.format(x) : String(x);
	}

	/* Whole percent, rounded down so that "score >= pass" and the shown
	   number always agree. */
	function percent(raw, max) {
		if (!(max > 0))
			return 100;
		var p = Math.floor(raw * 100 / max + 1e-9);
		return Math.max(0, Math.min(100, p));
	}

	function plain(html) {
		var d = doc.createElement('div');
		d.innerHTML = html || '';
		return d.textContent.replace(/\s+/g, ' ').trim();
	}

	function clone(v) {
		return v == null ? v : JSON.parse(JSON.stringify(v));
	}

	/* ---------------------------------------------------------------
	 * Answer key: base64 -> bytes XOR keystream(FNV-1a-32(id)) -> UTF-8
	 */

	function utf8(s) {
		if (window.TextEncoder)
			return new TextEncoder().encode(s);
		var bin = unescape(encodeURIComponent(s));
		var out = new Uint8Array(bin.length);
		for (var i = 0; i < bin.length; i++)
			out[i] = bin.charCodeAt(i);
		return out;
	}

	function fnv1a(s) {
		var b = utf8(s);
		var h = 2166136261;
		for (var i = 0; i < b.length; i++) {
			h ^= b[i];
			h = Math.imul(h, 16777619) >>> 0;
		}
		return h >>> 0;
	}

	function decodeKey(id, script) {
		if (!script)
			return null;
		try {
			var b64 = JSON.parse(script.textContent);
			var bin = atob(String(b64).replace(/\s+/g, ''));
			var bytes = new Uint8Array(bin.length);
			var x = fnv1a(id);
			for (var i = 0; i < bin.length; i++) {
				x = (Math.imul(x, 1103515245) + 12345) >>> 0;
				bytes[i] = bin.charCodeAt(i) ^ ((x >>> 16) & 0xff);
			}
			var text;
			if (window.TextDecoder)
				text = new TextDecoder('utf-8').decode(bytes);
			else {
				var s = '';
				for (var j = 0; j < bytes.length; j++)
					s += String.fromCharCode(bytes[j]);
				text = decodeURIComponent(escape(s));
			}
			var key = JSON.parse(text);
			return key && typeof key === 'object' ? key : null;
		} catch (e) {
			return null;
		}
	}

	/* ---------------------------------------------------------------
	 * Seedable PRNG (mulberry32) for draws and shuffles
	 */

	function prng(seed) {
		var a = seed >>> 0;
		return function () {
			a = (a + 0x6D2B79F5) | 0;
			var t = Math.imul(a ^ (a >>> 15), 1 | a);
			t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
			return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
		};
	}

	function shuffled(list, rng) {
		var a = list.slice();
		for (var i = a.length - 1; i > 0; i--) {
			var j = Math.floor(rng() * (i + 1));
			var t = a[i];
			a[i] = a[j];
			a[j] = t;
		}
		return a;
	}

	var testSeed = null;
	(function () {
		var m = /[?&]seed=(\d+)/.exec(location.search || '');
		if (m)
			testSeed = Number(m[1]) >>> 0;
	})();

	function newSeed(id, attempt) {
		if (testSeed !== null)
			return (fnv1a(id + '#' + attempt) ^ Math.imul(testSeed, 2654435761)) >>> 0;
		if (window.crypto && window.crypto.getRandomValues) {
			var a = new Uint32Array(1);
			window.crypto.getRandomValues(a);
			return a[0];
		}
		return Math.floor(Math.random() * 4294967296) >>> 0;
	}

	/* ---------------------------------------------------------------
	 * Storage: never breaks the page (private mode, quota, sandbox)
	 */

	function loadStore() {
		try {
			var v = JSON.parse(window.localStorage.getItem(KEY) || 'null');
			if (v && typeof v === 'object')
				return normStore(v);
		} catch (e) { /* no storage or bad JSON */ }
		return normStore(null);
	}

	function normStore(v) {
		var s = { v: 1, q: {}, s: {} };
		if (v && typeof v === 'object') {
			if (v.q && typeof v.q === 'object' && !Array.isArray(v.q))
				s.q = v.q;
			if (v.s && typeof v.s === 'object' && !Array.isArray(v.s))
				s.s = v.s;
		}
		return s;
	}

	var store = loadStore();

	/* Without the entries of quizzes and scenarios never used. */
	function compact(s) {
		var out = { v: 1, q: {}, s: {} };
		['q', 's'].forEach(function (kind) {
			Object.keys(s[kind] || {}).forEach(function (id) {
				var e = s[kind][id];
				if (!e || typeof e !== 'object')
					return;
				var keep = Object.keys(e).some(function (k) {
					return e[k] != null && !(Array.isArray(e[k]) && !e[k].length);
				});
				if (keep)
					out[kind][id] = e;
			});
		});
		return out;
	}

	function writeStore(s) {
		try {
			window.localStorage.setItem(KEY, JSON.stringify(compact(s)));
		} catch (e) { /* see loadStore() */ }
	}

	/* Save one entry, merged into what is stored now: another tab may
	   have saved other lessons' quizzes meanwhile. */
	function saveEntry(kind, id) {
		var cur = loadStore();
		if (store[kind][id])
			cur[kind][id] = store[kind][id];
		else
			delete cur[kind][id];
		store[kind] = Object.assign({}, cur[kind], store[kind]);
		writeStore(cur);
	}

	/* ---------------------------------------------------------------
	 * Events
	 */

	var listeners = {};
	var replay = {};	/* name -> detail, for once-per-page events */

	function emit(name, detail, once) {
		if (once)
			replay[name] = detail;
		(listeners[name] || []).slice().forEach(function (fn) {
			try {
				fn(clone(detail));
			} catch (e) {
				/* A broken listener must not break grading; still
				   report it where developers look. */
				setTimeout(function () { throw e; }, 0);
			}
		});
		try {
			doc.dispatchEvent(new CustomEvent('coursec:' + name,
			    { detail: clone(detail) }));
		} catch (e) { /* very old browser */ }
	}

	function on(name, fn) {
		if (typeof fn !== 'function')
			return function () {};
		(listeners[name] = listeners[name] || []).push(fn);
		if (replay[name]) {
			var d = replay[name];
			setTimeout(function () {
				if ((listeners[name] || []).indexOf(fn) !== -1)
					fn(clone(d));
			}, 0);
		}
		return function () {
			var l = listeners[name] || [];
			var i = l.indexOf(fn);
			if (i !== -1)
				l.splice(i, 1);
		};
	}

	/* ---------------------------------------------------------------
	 * Questions
	 */

	var CHOICE_TYPES = { single: 1, multiple: 1, 'true-false': 1, likert: 1 };

	function normText(s, caseSensitive, exactSpaces) {
		s = String(s == null ? '' : s);
		if (s.normalize)
			s = s.normalize('NFC');
		s = s.replace(/[\u2018\u2019\u02bc]/g, '\'').replace(/[\u201c\u201d]/g, '"');
		s = s.trim();
		if (!exactSpaces)
			s = s.replace(/\s+/g, ' ');
		if (!caseSensitive)
			s = s.toLowerCase();
		return s;
	}

	/* "3,5", "3.5", " -2 ", "1 000,5", "1,000.5", "4e3" -> number, else NaN */
	function parseNumber(text) {
		var s = String(text == null ? '' : text).trim()
		    .replace(/[\s\u00a0\u202f\u2009']/g, '')
		    .replace(/^\u2212/, '-');
		if (s.indexOf(',') !== -1) {
			if (s.indexOf('.') !== -1)
				s = s.replace(/,/g, '');		/* 1,000.5 */
			else if ((s.match(/,/g) || []).length === 1)
				s = s.replace(',', '.');		/* 3,5 */
			else
				s = s.replace(/,/g, '');		/* 1,000,000 */
		}
		if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s))
			return NaN;
		return parseFloat(s);
	}

	function isTrue(v, word) {
		return v === true || v === word || v === 1 || v === 'true';
	}

	function Question(quiz, fs, index) {
		this.quiz = quiz;
		this.el = fs;
		this.index = index;
		this.qid = fs.getAttribute('data-qid') || fs.id || String(index);
		this.key = (quiz.key.questions || {})[this.qid] || null;
		var k = this.key || {};
		this.type = k.type || fs.getAttribute('data-type') || 'single';
		var pts = k.points != null ? Number(k.points) :
		    Number(fs.getAttribute('data-points') || 1);
		this.scored = !!this.key && this.type !== 'likert';
		this.points = this.scored ? (isFinite(pts) ? pts : 1) : 0;
		this.legend = fs.querySelector('legend');
		this.fb = fs.querySelector('.cs-q__feedback');
		if (!this.fb) {
			this.fb = el('div', 'cs-q__feedback');
			fs.appendChild(this.fb);
		}
		this.text = k.text || (this.legend ? plain(this.legend.innerHTML) : '');

		/* Shuffle units: the elements whose order may change. */
		this.box = null;
		this.units = [];
		if (CHOICE_TYPES[this.type]) {
			this.box = fs.querySelector('.cs-q__choices');
			if (this.box)
				this.units = toArray(this.box.querySelectorAll('.cs-choice'));
		} else if (this.type === 'ordering') {
			this.box = fs.querySelector('.cs-order');
			if (this.box)
				this.units = toArray(this.box.querySelectorAll('.cs-order__item'));
		} else if (this.type === 'matching') {
			this.selects = toArray(fs.querySelectorAll('select[data-left]'));
			var first = this.selects[0];
			this.units = first ? toArray(first.options).filter(function (o) {
				return o.value !== '';
			}).map(function (o) { return o.value; }) : [];
		}
		this.canShuffle = k.shuffle !== false &&
		    this.type !== 'true-false' && this.type !== 'likert' &&
		    this.units.length > 1;
		this.input = fs.querySelector('.cs-q__answer input, input[type="text"]');
		if (this.type === 'ordering') {
			var sel = {};
			each(fs.querySelectorAll('select[data-item]'), function (s) {
				sel[s.getAttribute('data-item')] = s;
			});
			this.orderSelects = sel;
			this.order = (k.order || []).slice();
			if (!this.order.length)
				this.order = this.units.map(function (u) {
					return u.getAttribute('data-item');
				}).sort(idCompare);
		}
	}

	function idCompare(a, b) {
		var na = parseInt(String(a).replace(/^\D+/, ''), 10);
		var nb = parseInt(String(b).replace(/^\D+/, ''), 10);
		if (isFinite(na) && isFinite(nb) && na !== nb)
			return na - nb;
		return a < b ? -1 : a > b ? 1 : 0;
	}

	Question.prototype.controls = function () {
		return toArray(this.el.querySelectorAll('input, select, textarea, button'));
	};

	/* Put the shuffle units in the given order (null: written order). */
	Question.prototype.arrange = function (rng) {
		var self = this;
		if (!this.units.length)
			return;
		var order = rng && this.canShuffle ? shuffled(this.units, rng) : this.units;
		if (this.type === 'matching') {
			this.selects.forEach(function (s) {
				var byVal = {};
				each(s.options, function (o) { byVal[o.value] = o; });
				order.forEach(function (v) {
					if (byVal[v])
						s.appendChild(byVal[v]);
				});
			});
		} else {
			order.forEach(function (u) { self.box.appendChild(u); });
		}
	};

	/* The learner's answer as stored (see the header). */
	Question.prototype.raw = function () {
		var fs = this.el;
		switch (this.type) {
		case 'multiple':
			return toArray(fs.querySelectorAll('input[type="checkbox"]:checked'))
			    .map(function (i) { return i.value; }).sort(idCompare).join(',');
		case 'fill-in':
		case 'numeric':
			return this.input ? this.input.value : '';
		case 'matching':
			return this.selects.filter(function (s) { return s.value !== ''; })
			    .map(function (s) {
				return s.getAttribute('data-left') + '.' + s.value;
			    }).join(',');
		case 'ordering':
			var sel = this.orderSelects;
			var any = false;
			var r = this.order.map(function (id) {
				var v = sel[id] ? sel[id].value : '';
				if (v !== '')
					any = true;
				return v;
			});
			return any ? r.join(',') : '';
		default:
			var c = fs.querySelector('input[type="radio"]:checked, input[type="checkbox"]:checked');
			return c ? c.value : '';
		}
	};

	Question.prototype.fill = function (raw) {
		var fs = this.el;
		raw = raw == null ? '' : String(raw);
		switch (this.type) {
		case 'fill-in':
		case 'numeric':
			if (this.input)
				this.input.value = raw;
			break;
		case 'matching':
			var pairs = {};
			raw.split(',').forEach(function (p) {
				var i = p.indexOf('.');
				if (i > 0)
					pairs[p.slice(0, i)] = p.slice(i + 1);
			});
			this.selects.forEach(function (s) {
				s.value = pairs[s.getAttribute('data-left')] || '';
				if (s.selectedIndex < 0)
					s.value = '';
			});
			break;
		case 'ordering':
			var pos = raw === '' ? [] : raw.split(',');
			var sel = this.orderSelects;
			this.order.forEach(function (id, i) {
				if (!sel[id])
					return;
				sel[id].value = pos[i] || '';
				if (sel[id].selectedIndex < 0)
					sel[id].value = '';
			});
			break;
		default:
			var chosen = {};
			raw.split(',').forEach(function (v) { if (v) chosen[v] = 1; });
			each(fs.querySelectorAll('input[type="radio"], input[type="checkbox"]'),
			    function (i) { i.checked = !!chosen[i.value]; });
		}
	};

	/* The response in the event's form. */
	Question.prototype.response = function (raw) {
		if (this.type !== 'ordering' || !raw)
			return raw;
		var pos = raw.split(',');
		var order = this.order;
		return order.map(function (id, i) {
			return { id: id, p: parseInt(pos[i], 10), i: i };
		}).filter(function (x) { return isFinite(x.p); })
		    .sort(function (a, b) { return a.p - b.p || a.i - b.i; })
		    .map(function (x) { return x.id; }).join(',');
	};

	Question.prototype.correctResponse = function () {
		var k = this.key || {};
		switch (this.type) {
		case 'single':
		case 'true-false':
		case 'multiple':
			return (k.correct || []).map(String).sort(idCompare).join(',');
		case 'fill-in':
			return (k.answers || [])[0] || '';
		case 'numeric':
			return k.min === k.max ? String(k.min) : k.min + '[:]' + k.max;
		case 'matching':
			var p = k.pairs || {};
			return Object.keys(p).sort(idCompare).map(function (l) {
				return l + '.' + p[l];
			}).join(',');
		case 'ordering':
			return this.order.join(',');
		default:
			return '';
		}
	};

	/* Grade a stored answer: {answered, correct, earned, nan, wrongItems} */
	Question.prototype.grade = function (raw) {
		var k = this.key || {};
		var g = { answered: raw !== '' && raw != null, correct: false, earned: 0,
		    nan: false, wrong: [] };
		if (this.type === 'fill-in' || this.type === 'numeric')
			g.answered = String(raw || '').trim() !== '';
		if (!this.scored || !g.answered) {
			if (this.type === 'matching' || this.type === 'ordering')
				g.wrong = this.itemIds();
			return g;
		}
		switch (this.type) {
		case 'single':
		case 'true-false':
			g.correct = (k.correct || []).map(String).indexOf(raw) !== -1 &&
			    (k.correct || []).length >= 1;
			break;
		case 'multiple':
			g.correct = raw.split(',').sort(idCompare).join(',') ===
			    (k.correct || []).map(String).sort(idCompare).join(',');
			break;
		case 'fill-in':
			var cs = isTrue(k['case'], 'sensitive');
			var ex = isTrue(k.spaces, 'exact');
			var mine = normText(raw, cs, ex);
			g.correct = (k.answers || []).some(function (a) {
				return normText(a, cs, ex) === mine;
			});
			break;
		case 'numeric':
			var x = parseNumber(raw);
			if (isNaN(x)) {
				g.nan = true;
				break;
			}
			var lo = Number(k.min), hi = Number(k.max);
			var eps = 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi));
			g.correct = x >= lo - eps && x <= hi + eps;
			break;
		case 'matching':
			var pairs = k.pairs || {};
			var got = {};
			raw.split(',').forEach(function (p) {
				var i = p.indexOf('.');
				if (i > 0)
					got[p.slice(0, i)] = p.slice(i + 1);
			});
			g.wrong = Object.keys(pairs).filter(function (l) {
				return got[l] !== pairs[l];
			});
			g.correct = Object.keys(pairs).length > 0 && g.wrong.length === 0;
			break;
		case 'ordering':
			var pos = raw.split(',');
			g.wrong = this.order.filter(function (id, i) {
				return parseInt(pos[i], 10) !== i + 1 ||
				    String(pos[i]).trim() !== String(i + 1);
			});
			g.correct = this.order.length > 0 && g.wrong.length === 0;
			break;
		}
		if (g.correct)
			g.earned = this.points;
		return g;
	};

	Question.prototype.itemIds = function () {
		if (this.type === 'matching')
			return this.selects.map(function (s) { return s.getAttribute('data-left'); });
		if (this.type === 'ordering')
			return this.order.slice();
		return [];
	};

	Question.prototype.clear = function () {
		this.fb.textContent = '';
		this.el.classList.remove('cs-q--correct', 'cs-q--incorrect',
		    'cs-q--neutral', 'cs-q--unanswered', 'cs-q--checked');
		each(this.el.querySelectorAll('.cs-choice__tag, .cs-choice__verdict'), function (t) {
			t.parentNode.removeChild(t);
		});
		each(this.el.querySelectorAll('.cs-choice--chosen'), function (c) {
			c.classList.remove('cs-choice--chosen', 'cs-choice--right', 'cs-choice--wrong');
		});
	};

	/*
	 * A native <select> cannot wrap: a long matching answer is cut off
	 * inside it ("What have you been told s…").  When the chosen text
	 * does not fit, it is repeated in full under the select.  Hidden
	 * from screen readers, which read the select's value already.
	 */
	var measureCtx = null;
	Question.prototype.echo = function () {
		if (this.type !== 'matching')
			return;
		this.selects.forEach(function (s) {
			var row = s.parentNode;
			var out = row.querySelector('.cs-match__chosen');
			var o = s.options[s.selectedIndex];
			var text = o && o.value !== '' ? o.text : '';
			var fits = true;
			if (text) {
				var cs = window.getComputedStyle(s);
				if (!measureCtx)
					measureCtx = doc.createElement('canvas').getContext('2d');
				var room = s.clientWidth - parseFloat(cs.paddingLeft) -
				    parseFloat(cs.paddingRight) - 28;	/* the arrow */
				if (measureCtx) {
					measureCtx.font = cs.fontStyle + ' ' + cs.fontWeight + ' ' +
					    cs.fontSize + ' ' + cs.fontFamily;
					fits = measureCtx.measureText(text).width <= room;
				}
			}
			if (fits) {
				if (out)
					row.removeChild(out);
				return;
			}
			if (!out) {
				out = el('p', 'cs-match__chosen');
				out.setAttribute('aria-hidden', 'true');
				row.appendChild(out);
			}
			out.textContent = text;
		});
	};

	Question.prototype.lock = function (locked) {
		this.controls().forEach(function (c) { c.disabled = locked; });
	};

	/* Label of an item (choice, matching row, ordering item), plain. */
	Question.prototype.itemLabel = function (id) {
		var fs = this.el;
		var k = this.key || {};
		var node = null;
		if (this.type === 'matching') {
			var s = this.selects.filter(function (x) {
				return x.getAttribute('data-left') === id;
			})[0];
			node = s && s.labels && s.labels[0];
		} else if (this.type === 'ordering') {
			node = fs.querySelector('.cs-order__item[data-item="' + id + '"] .cs-order__text');
		} else {
			var input = toArray(fs.querySelectorAll('input')).filter(function (i) {
				return i.value === id;
			})[0];
			node = input && input.labels && input.labels[0];
		}
		if (node) {
			/* Without the marks added after a check. */
			node = node.cloneNode(true);
			each(node.querySelectorAll('.cs-choice__tag, .cs-choice__verdict'), function (x) {
				x.parentNode.removeChild(x);
			});
			return node.textContent.replace(/\s+/g, ' ').trim();
		}
		return (k.choices && k.choices[id]) || id;
	};

	Question.prototype.rightLabel = function (rid) {
		var k = this.key || {};
		if (k.choices && k.choices[rid])
			return k.choices[rid];
		var o = this.selects[0] && toArray(this.selects[0].options).filter(function (x) {
			return x.value === rid;
		})[0];
		return o ? o.textContent.trim() : rid;
	};

	/* Show the feedback of a graded answer. */
	Question.prototype.show = function (raw, g, reveal) {
		var t = this.quiz.t;
		var k = this.key || {};
		var fb = this.fb;
		var self = this;
		this.clear();
		this.el.classList.add('cs-q--checked');
		if (!this.key)
			return;

		var state, icon, label;
		if (!this.scored) {
			state = 'neutral';
			icon = '\u2022';
			label = t(g.answered ? 'quiz_recorded' : 'quiz_skipped');
		} else if (!g.answered) {
			state = 'incorrect';
			icon = '\u2717';
			label = t('quiz_unanswered');
			this.el.classList.add('cs-q--unanswered');
		} else if (g.correct) {
			state = 'correct';
			icon = '\u2713';
			label = t('quiz_correct');
		} else {
			state = 'incorrect';
			icon = '\u2717';
			label = t('quiz_incorrect');
		}
		this.el.classList.add('cs-q--' + state);
		var res = el('p', 'cs-q__result cs-q__result--' + state);
		var ic = el('span', 'cs-q__icon', icon);
		ic.setAttribute('aria-hidden', 'true');
		res.appendChild(ic);
		res.appendChild(doc.createTextNode(' ' + label));
		fb.appendChild(res);

		if (g.nan)
			fb.appendChild(el('p', 'cs-q__note', t('quiz_not_a_number')));

		var feedback = k.feedback || {};
		var chosen = [];
		if (CHOICE_TYPES[this.type] && g.answered) {
			chosen = raw.split(',');
			var right = (k.correct || []).map(String);
			/* Each ticked choice says whether it was right.  A wrong
			   tick in a multiple choice tells more than "Incorrect", so
			   graded quizzes hold that back until answers are shown. */
			var judge = this.scored && right.length &&
			    (this.type !== 'multiple' || reveal || this.quiz.mode !== 'graded');
			chosen.forEach(function (id) {
				var inp = toArray(self.el.querySelectorAll('input')).filter(function (i) {
					return i.value === id;
				})[0];
				var row = inp && inp.closest('.cs-choice');
				if (!row)
					return;
				row.classList.add('cs-choice--chosen');
				if (!judge)
					return;
				var ok = right.indexOf(id) !== -1;
				row.classList.add(ok ? 'cs-choice--right' : 'cs-choice--wrong');
				var label = inp.labels && inp.labels[0];
				if (!label)
					return;
				var tag = el('span', 'cs-choice__verdict cs-choice__verdict--' + (ok ? 'right' : 'wrong'));
				var mark = el('span', 'cs-choice__verdict-icon', ok ? '\u2713' : '\u2717');
				mark.setAttribute('aria-hidden', 'true');
				tag.appendChild(doc.createTextNode(' '));
				tag.appendChild(mark);
				tag.appendChild(doc.createTextNode(' ' + t(ok ? 'quiz_your_choice_right' : 'quiz_your_choice_wrong')));
				label.appendChild(tag);
			});
		} else if (this.type === 'matching' || this.type === 'ordering') {
			chosen = g.wrong;	/* feedback of the items placed wrong */
		}
		var many = chosen.filter(function (id) { return feedback[id]; }).length > 1 ||
		    this.type === 'matching' || this.type === 'ordering';
		chosen.forEach(function (id) {
			var html = feedback[id];
			if (!html && self.type === 'matching' && k.pairs)
				html = feedback[k.pairs[id]];
			if (!html)
				return;
			var d = el('div', 'cs-q__choice-fb');
			if (many) {
				var b = el('p', 'cs-q__choice-fb-label', self.itemLabel(id));
				d.appendChild(b);
			}
			var c = el('div', 'cs-q__fb-text');
			c.innerHTML = html;
			d.appendChild(c);
			fb.appendChild(d);
		});

		if (this.scored) {
			var qfb = g.correct ? k.correct_fb : k.incorrect_fb;
			if (qfb) {
				var q = el('div', 'cs-q__fb-text cs-q__overall');
				q.innerHTML = qfb;
				fb.appendChild(q);
			}
		}

		if (reveal && this.scored && !g.correct)
			this.revealAnswer();

		if (k.explanation) {
			var x = el('div', 'cs-q__explanation');
			x.innerHTML = k.explanation;
			fb.appendChild(x);
		}
	};

	Question.prototype.revealAnswer = function () {
		var t = this.quiz.t;
		var k = this.key || {};
		var fb = this.fb;
		var self = this;
		var box = el('div', 'cs-q__key');
		switch (this.type) {
		case 'single':
		case 'multiple':
		case 'true-false':
			var right = (k.correct || []).map(String);
			var names = [];
			each(this.el.querySelectorAll('input'), function (i) {
				if (right.indexOf(i.value) === -1)
					return;
				names.push(self.itemLabel(i.value));
				var label = i.labels && i.labels[0];
				if (!label)
					return;
				var tag = el('span', 'cs-choice__tag');
				var mark = el('span', 'cs-choice__tag-icon', '\u2713');
				mark.setAttribute('aria-hidden', 'true');
				tag.appendChild(doc.createTextNode(' '));
				tag.appendChild(mark);
				tag.appendChild(doc.createTextNode(' ' + t('quiz_correct_choice')));
				label.appendChild(tag);
			});
			box.appendChild(el('p', null, format(t('quiz_correct_answer'),
			    { answer: names.join(', ') })));
			break;
		case 'fill-in':
			box.appendChild(el('p', null, format(t('quiz_correct_answer'),
			    { answer: (k.answers || [])[0] || '' })));
			break;
		case 'numeric':
			var a = Number(k.min) === Number(k.max) ? fmtNum(Number(k.min)) :
			    format(t('quiz_range'), { min: fmtNum(Number(k.min)), max: fmtNum(Number(k.max)) });
			box.appendChild(el('p', null, format(t('quiz_correct_answer'), { answer: a })));
			break;
		case 'matching':
			box.appendChild(el('p', null, format(t('quiz_correct_answer'), { answer: '' }).replace(/\s+$/, '')));
			var ul = el('ul', 'cs-q__key-list');
			var pairs = k.pairs || {};
			Object.keys(pairs).sort(idCompare).forEach(function (l) {
				var li = el('li', null, self.itemLabel(l) + ' \u2192 ' + self.rightLabel(pairs[l]));
				ul.appendChild(li);
			});
			box.appendChild(ul);
			break;
		case 'ordering':
			box.appendChild(el('p', null, format(t('quiz_correct_answer'), { answer: '' }).replace(/\s+$/, '')));
			var ol = el('ol', 'cs-q__key-list');
			this.order.forEach(function (id) {
				ol.appendChild(el('li', null, self.itemLabel(id)));
			});
			box.appendChild(ol);
			break;
		}
		fb.appendChild(box);
	};

	/* ---------------------------------------------------------------
	 * Quizzes
	 */

	var quizzes = [];
	var scenarios = [];

	function Quiz(section) {
		var self = this;
		this.el = section;
		this.id = section.getAttribute('data-quiz') || section.id;
		this.t = stringsFor(section);
		this.key = decodeKey(this.id, section.querySelector('.cs-quiz__key'));
		this.form = section.querySelector('form.cs-quiz__form') || section.querySelector('form');
		if (!this.key || !this.form || !this.id)
			throw new Error('coursec quiz ' + this.id + ': no usable key or form');
		this.mode = section.getAttribute('data-mode') === 'graded' ? 'graded' : 'practice';
		var pass = parseFloat(section.getAttribute('data-pass'));
		this.pass = isFinite(pass) ? pass : 80;
		var att = parseInt(section.getAttribute('data-attempts'), 10);
		this.limit = this.mode === 'graded' && att > 0 ? att : 0;
		this.shuffle = section.getAttribute('data-shuffle') === 'true';
		var draw = parseInt(section.getAttribute('data-draw'), 10);
		var reveal = section.getAttribute('data-reveal');
		this.reveal = /^(always|passed|end|never)$/.test(reveal || '') ? reveal :
		    (this.mode === 'practice' ? 'always' : 'end');

		this.questions = toArray(this.form.querySelectorAll('.cs-q')).map(function (fs, i) {
			return new Question(self, fs, i);
		});
		this.draw = draw > 0 && draw < this.questions.length ? draw : 0;
		this.hash = (fnv1a(this.questions.map(function (q) { return q.qid; }).join(' ')) >>> 0).toString(36);

		this.actions = this.form.querySelector('.cs-quiz__actions');
		if (!this.actions) {
			this.actions = el('div', 'cs-quiz__actions');
			this.form.appendChild(this.actions);
		}
		this.submit = this.form.querySelector('.cs-quiz__submit') ||
		    this.form.querySelector('button[type="submit"]');
		if (!this.submit) {
			this.submit = el('button', 'cs-quiz__submit', this.t('quiz_check'));
			this.submit.type = 'submit';
			this.actions.appendChild(this.submit);
		}
		this.retry = el('button', 'cs-quiz__retry', this.t('quiz_retry'));
		this.retry.type = 'button';
		this.retry.hidden = true;
		this.actions.appendChild(this.retry);
		this.status = section.querySelector('.cs-quiz__status');
		if (!this.status) {
			this.status = el('div', 'cs-quiz__status');
			this.status.setAttribute('role', 'status');
			this.status.setAttribute('aria-live', 'polite');
			this.form.appendChild(this.status);
		}
		this.status.setAttribute('tabindex', '-1');
		/* The result reads before the buttons: after a check the learner
		   lands on it, and "Try again" comes after what it is about. */
		if (this.status.parentNode === this.actions.parentNode &&
		    this.status.nextElementSibling !== this.actions)
			this.actions.parentNode.insertBefore(this.status, this.actions);
		this.info = null;
		if (this.mode === 'graded') {
			this.info = el('p', 'cs-quiz__info');
			this.form.parentNode.insertBefore(this.info, this.form);
		}

		this.touched = {};
		this.shownAt = Date.now();

		this.form.addEventListener('submit', function (e) {
			e.preventDefault();
			self.check();
		});
		this.retry.addEventListener('click', function () {
			self.tryAgain();
		});
		var remember = function (e) {
			var fs = e.target && e.target.closest && e.target.closest('.cs-q');
			if (fs && !self.touched[fs.getAttribute('data-qid')])
				self.touched[fs.getAttribute('data-qid')] = Date.now();
			if (e.type === 'change' || e.type === 'input')
				self.saveAnswers();
			if (e.type === 'change' && fs)
				self.questions.forEach(function (q) {
					if (q.el === fs)
						q.echo();
				});
		};
		['focusin', 'pointerdown', 'input', 'change'].forEach(function (n) {
			self.form.addEventListener(n, remember);
		});
		/* Enter in a text field would submit the whole form (implicit
		   submission): only allow it when it is the only question. */
		this.form.addEventListener('keydown', function (e) {
			if (e.key !== 'Enter' || !e.target || e.target.tagName !== 'INPUT' ||
			    /^(radio|checkbox|submit|button)$/.test(e.target.type))
				return;
			if (self.visible().length > 1)
				e.preventDefault();
		});
	}

	Quiz.prototype.st = function () {
		var s = store.q[this.id];
		if (!s || typeof s !== 'object') {
			s = store.q[this.id] = {};
		}
		return s;
	};

	Quiz.prototype.save = function () {
		saveEntry('q', this.id);
	};

	Quiz.prototype.needsSeed = function () {
		return this.draw > 0 || (this.shuffle && this.questions.some(function (q) {
			return q.canShuffle;
		}));
	};

	Quiz.prototype.visible = function () {
		return this.questions.filter(function (q) { return !q.el.hidden; });
	};

	Quiz.prototype.attemptsUsed = function () {
		return this.st().n > 0 ? this.st().n : 0;
	};

	Quiz.prototype.outOfAttempts = function () {
		return this.limit > 0 && this.attemptsUsed() >= this.limit;
	};

	Quiz.prototype.attemptsLeft = function () {
		return this.limit > 0 ? Math.max(0, this.limit - this.attemptsUsed()) : null;
	};

	/* Draw and shuffle for the current attempt, from its seed. */
	Quiz.prototype.arrange = function () {
		var st = this.st();
		var rng = null;
		if (this.needsSeed()) {
			if (typeof st.s !== 'number') {
				st.s = newSeed(this.id, this.attemptsUsed() + 1);
				this.save();
			}
			rng = prng(st.s);
		}
		var drawn = null;
		if (this.draw && rng) {
			var idx = this.questions.map(function (q, i) { return i; });
			drawn = {};
			shuffled(idx, rng).slice(0, this.draw).forEach(function (i) { drawn[i] = 1; });
		}
		var shuffle = this.shuffle;
		this.questions.forEach(function (q, i) {
			q.el.hidden = drawn ? !drawn[i] : false;
			q.arrange(shuffle ? rng : null);
		});
		this.number();
	};

	Quiz.prototype.number = function () {
		var vis = this.visible();
		var t = this.t;
		this.questions.forEach(function (q) {
			q.num = 0;
			var n = q.legend && q.legend.querySelector('.cs-q__num');
			if (n)
				n.parentNode.removeChild(n);
		});
		if (vis.length < 2)
			return;
		vis.forEach(function (q, i) {
			if (!q.legend)
				return;
			var span = el('span', 'cs-q__num',
			    format(t('quiz_question_n'), { n: i + 1, total: vis.length }));
			q.legend.insertBefore(span, q.legend.firstChild);
			q.num = i + 1;
		});
	};

	Quiz.prototype.saveAnswers = function () {
		var st = this.st();
		if (st.c || this.locked)
			return;
		st.r = this.questions.map(function (q) {
			return q.el.hidden ? null : q.raw();
		});
		st.h = this.hash;
		this.save();
	};

	Quiz.prototype.gradeAll = function (responses) {
		var raw = 0, max = 0;
		var results = [];
		this.visible().forEach(function (q) {
			var r = responses[q.index] == null ? '' : String(responses[q.index]);
			var g = q.grade(r);
			results.push({ q: q, raw: r, g: g });
			if (q.scored) {
				max += q.points;
				raw += g.earned;
			}
		});
		var score = percent(raw, max);
		return { results: results, raw: raw, max: max, score: score,
		    passed: score >= this.pass };
	};

	Quiz.prototype.revealNow = function () {
		var st = this.st();
		switch (this.reveal) {
		case 'always': return true;
		case 'passed': return !!st.p;
		case 'end': return !!st.p || this.outOfAttempts();
		default: return false;
		}
	};

	/* Draw the quiz from the stored state (load, restore, retry). */
	Quiz.prototype.render = function () {
		var st = this.st();
		if (st.h && st.h !== this.hash) {
			/* The questions changed since: keep counts, drop answers. */
			delete st.r;
			delete st.c;
			delete st.s;
			st.h = this.hash;
		}
		this.el.classList.remove('cs-quiz--passed', 'cs-quiz--failed');
		this.arrange();
		var responses = Array.isArray(st.r) ? st.r : [];
		this.questions.forEach(function (q) {
			q.clear();
			q.fill(q.el.hidden ? '' : responses[q.index]);
			q.echo();
		});
		this.status.textContent = '';
		if (st.c || this.outOfAttempts()) {
			var res = this.gradeAll(responses);
			this.showResults(res, false);
		} else {
			this.setLocked(false);
		}
		this.updateInfo();
	};

	Quiz.prototype.setLocked = function (locked) {
		this.locked = locked;
		this.questions.forEach(function (q) { q.lock(locked); });
		this.submit.hidden = locked;
		this.submit.disabled = locked;
		this.retry.hidden = !locked || this.outOfAttempts();
		this.el.classList.toggle('cs-quiz--checked', locked);
		this.el.classList.toggle('cs-quiz--closed', this.outOfAttempts());
	};

	Quiz.prototype.updateInfo = function () {
		if (!this.info)
			return;
		var t = this.t;
		var parts = [format(t('quiz_pass_mark'), { pass: fmtNum(this.pass) })];
		if (this.limit)
			parts.push(this.attemptsLeft() > 0 ?
			    format(t('quiz_attempts_left'), { n: this.attemptsLeft() }) :
			    t('quiz_no_attempts'));
		this.info.textContent = parts.join(' ');
	};

	Quiz.prototype.statusText = function (res) {
		var t = this.t;
		var parts = [];
		var missing = res.results.filter(function (x) {
			return x.q.scored && !x.g.answered;
		}).map(function (x) { return x.q.num || x.q.index + 1; });
		if (missing.length === 1)
			parts.push(format(t('quiz_unanswered_one'), { list: missing[0] }));
		else if (missing.length > 1)
			parts.push(format(t('quiz_unanswered_many'), { list: missing.join(', ') }));
		if (res.max > 0) {
			parts.push(format(t('quiz_score'), { score: res.score, raw: fmtNum(res.raw),
			    max: fmtNum(res.max) }));
			/* A practice check has no pass mark to meet: saying "Not
			   passed" would grade what is meant as practice. */
			if (this.mode === 'graded')
				parts.push(format(t(res.passed ? 'quiz_passed' : 'quiz_failed'),
				    { pass: fmtNum(this.pass) }));
			else
				parts.push(t('quiz_practice_note'));
		} else {
			parts.push(t('quiz_survey_done'));
		}
		if (this.limit)
			parts.push(this.attemptsLeft() > 0 ?
			    format(t('quiz_attempts_left'), { n: this.attemptsLeft() }) :
			    t('quiz_no_attempts'));
		return parts.join(' ');
	};

	Quiz.prototype.showResults = function (res, fresh) {
		var reveal = this.revealNow();
		res.results.forEach(function (x) {
			x.q.show(x.raw, x.g, reveal);
		});
		this.setLocked(true);
		var graded = this.mode === 'graded';
		this.el.classList.toggle('cs-quiz--passed', graded && res.max > 0 && res.passed);
		this.el.classList.toggle('cs-quiz--failed', graded && res.max > 0 && !res.passed);
		var text = this.statusText(res);
		if (fresh) {
			/* Clear first so the same text is announced again. */
			this.status.textContent = '';
			var status = this.status;
			status.textContent = text;
		} else {
			this.status.textContent = text;
		}
	};

	Quiz.prototype.check = function () {
		if (this.locked)
			return;
		var st = this.st();
		if (this.outOfAttempts())
			return;
		var now = Date.now();
		var responses = this.questions.map(function (q) {
			return q.el.hidden ? null : q.raw();
		});
		var res = this.gradeAll(responses);
		st.r = responses;
		st.h = this.hash;
		st.n = this.attemptsUsed() + 1;
		st.c = 1;
		if (res.max > 0 && res.passed)
			st.p = 1;
		if (typeof st.b !== 'number' || res.score > st.b)
			st.b = res.score;
		this.save();

		var attempt = st.n;
		var self = this;
		var stamp = new Date(now).toISOString();
		res.results.forEach(function (x) {
			var q = x.q;
			var since = self.touched[q.qid] || self.shownAt;
			emit('question', {
				quiz: self.id,
				question: q.qid,
				type: q.type,
				text: q.text,
				response: q.response(x.raw),
				correct: q.correctResponse(),
				result: q.scored ? (x.g.correct ? 'correct' : 'incorrect') : 'neutral',
				points: q.points,
				score: x.g.earned,
				latency: Math.max(0, now - since),
				timestamp: stamp,
				attempt: attempt
			});
		});
		this.showResults(res, true);
		this.updateInfo();
		emit('quiz', {
			quiz: this.id,
			mode: this.mode,
			score: res.score,
			raw: res.raw,
			max: res.max,
			passed: res.passed,
			attempt: attempt,
			attemptsLeft: this.attemptsLeft()
		});
		/* The button just pressed is gone: land on the result, which
		   sits where the button was. */
		this.status.focus();
	};

	Quiz.prototype.tryAgain = function () {
		if (this.outOfAttempts())
			return;
		var st = this.st();
		delete st.c;
		delete st.r;
		delete st.s;
		this.save();
		this.touched = {};
		this.shownAt = Date.now();
		this.render();
		var first = this.visible()[0];
		var target = first && first.controls().filter(function (c) {
			return !c.disabled;
		})[0];
		if (target)
			target.focus();
		else
			this.submit.focus();
	};

	/* ---------------------------------------------------------------
	 * Scenarios
	 */

	function Scenario(section) {
		var self = this;
		this.el = section;
		this.id = section.getAttribute('data-scenario') || section.id;
		this.t = stringsFor(section);
		this.key = decodeKey(this.id, section.querySelector('.cs-scenario__key'));
		if (!this.key || !this.key.nodes || !this.id)
			throw new Error('coursec scenario ' + this.id + ': no usable key');
		this.start = section.getAttribute('data-start') || this.key.start;
		var best = this.key.best != null ? Number(this.key.best) :
		    Number(section.getAttribute('data-best'));
		this.best = isFinite(best) ? best : 0;
		this.text = this.key.text || '';
		this.nodes = {};
		each(section.querySelectorAll('.cs-scenario__node[data-node]'), function (n) {
			self.nodes[n.getAttribute('data-node')] = n;
			self.enhanceNode(n);
		});
		if (!this.nodes[this.start])
			throw new Error('coursec scenario ' + this.id + ': no start node');
		this.status = section.querySelector('.cs-scenario__status');
		if (!this.status) {
			this.status = el('div', 'cs-scenario__status');
			this.status.setAttribute('role', 'status');
			this.status.setAttribute('aria-live', 'polite');
			section.appendChild(this.status);
		}
		section.classList.add('cs-scenario--live');
		section.addEventListener('click', function (e) {
			var b = e.target.closest && e.target.closest('button');
			if (!b || !section.contains(b))
				return;
			if (b.classList.contains('cs-scenario__choice'))
				self.choose(parseInt(b.getAttribute('data-choice'), 10));
			else if (b.classList.contains('cs-scenario__again'))
				self.playAgain();
		});
	}

	/* Quote marks that open a line of speech, in the languages we ship. */
	var SPEECH = /^[\s\u00a0]*["\u201c\u201e\u00ab\u2018\u201a\u2039'\u2014]/;

	/*
	 * Labels each paragraph of a node's text with who speaks: a line
	 * that opens with "**Name:**" is Name's; one that opens with a quote
	 * mark is the other person's; anything else is narration.  The label
	 * is text, so it is read and printed; narration keeps its label for
	 * screen readers only and is set apart by its style.
	 */
	Scenario.prototype.labelLines = function (text) {
		var t = this.t;
		each(text.children, function (p) {
			if (p.tagName !== 'P' || p.querySelector('.cs-line__who'))
				return;
			var who = el('span', 'cs-line__who');
			var first = p.firstElementChild;
			var lead = p.firstChild;
			if (first && first === lead && /^(STRONG|B)$/.test(first.tagName) &&
			    /:\s*$/.test(first.textContent)) {
				who.textContent = first.textContent.replace(/[\s:\u00a0]+$/, '');
				p.removeChild(first);
				p.classList.add('cs-line', 'cs-line--them');
			} else if (SPEECH.test(p.textContent)) {
				who.textContent = t('scenario_them');
				p.classList.add('cs-line', 'cs-line--them');
			} else {
				who.textContent = t('scenario_narration');
				who.className += ' cs-visually-hidden';
				p.classList.add('cs-line', 'cs-line--narration');
			}
			who.appendChild(doc.createTextNode(': '));
			p.insertBefore(who, p.firstChild);
		});
	};

	Scenario.prototype.enhanceNode = function (n) {
		var t = this.t;
		var text = n.querySelector('.cs-scenario__text');
		if (text) {
			text.setAttribute('tabindex', '-1');
			this.labelLines(text);
		}
		var list = n.querySelector('.cs-scenario__choices');
		if (!list)
			return;
		each(list.querySelectorAll('a[data-choice]'), function (a) {
			var b = el('button', 'cs-scenario__choice');
			b.type = 'button';
			b.setAttribute('data-choice', a.getAttribute('data-choice'));
			while (a.firstChild)
				b.appendChild(a.firstChild);
			/* No links inside a button: keep their text. */
			each(b.querySelectorAll('a'), function (x) {
				var s = el('span');
				while (x.firstChild)
					s.appendChild(x.firstChild);
				x.parentNode.replaceChild(s, x);
			});
			a.parentNode.replaceChild(b, a);
		});
		var prompt = el('p', 'cs-scenario__prompt', t('scenario_choose'));
		list.parentNode.insertBefore(prompt, list);
		if (n.id) {
			prompt.id = n.id + '-prompt';
			list.setAttribute('aria-labelledby', prompt.id);
		}
	};

	Scenario.prototype.st = function () {
		var s = store.s[this.id];
		if (!s || typeof s !== 'object')
			s = store.s[this.id] = {};
		if (!Array.isArray(s.c))
			s.c = [];
		return s;
	};

	Scenario.prototype.nodeKey = function (name) {
		return (this.key.nodes || {})[name] || null;
	};

	Scenario.prototype.isEnd = function (name) {
		var k = this.nodeKey(name);
		if (k && k.end)
			return true;
		return !k || !k.choices || !k.choices.length;
	};

	/* Walk the stored choices from the start: path, points, last choice. */
	Scenario.prototype.walk = function () {
		var st = this.st();
		var node = this.start;
		var path = [node];
		var raw = 0;
		var last = null;
		var valid = [];
		for (var i = 0; i < st.c.length; i++) {
			var k = this.nodeKey(node);
			var c = k && k.choices && k.choices[st.c[i]];
			if (!c || !this.nodes[c.target] || this.isEnd(node))
				break;
			valid.push(st.c[i]);
			raw += Number(c.points) || 0;
			last = { from: node, index: st.c[i], choice: c };
			node = c.target;
			path.push(node);
		}
		if (valid.length !== st.c.length)
			st.c = valid;
		var ended = this.isEnd(node);
		var nk = this.nodeKey(node) || {};
		var outcome = ended ? (nk.outcome || this.nodes[node].getAttribute('data-outcome') || 'neutral') : null;
		return { node: node, path: path, raw: raw, last: last, ended: ended,
		    outcome: outcome, score: percent(raw, this.best) };
	};

	Scenario.prototype.choiceText = function (from, index, c) {
		var n = this.nodes[from];
		var b = n && n.querySelector('.cs-scenario__choice[data-choice="' + index + '"]');
		if (b)
			return b.textContent.replace(/\s+/g, ' ').trim();
		return (c && c.text) || '';
	};

	Scenario.prototype.render = function () {
		var self = this;
		var w = this.walk();
		var t = this.t;
		each(this.el.querySelectorAll('.cs-scenario__feedback, .cs-scenario__end'), function (x) {
			x.parentNode.removeChild(x);
		});
		Object.keys(this.nodes).forEach(function (name) {
			self.nodes[name].hidden = name !== w.node;
			self.nodes[name].classList.toggle('cs-scenario__node--current', name === w.node);
		});
		var node = this.nodes[w.node];
		var text = node.querySelector('.cs-scenario__text');
		this.renderLog(w);
		if (w.last) {
			var box = el('div', 'cs-scenario__feedback');
			var said = el('p', 'cs-scenario__chosen cs-line cs-line--you');
			said.appendChild(el('span', 'cs-line__who', t('scenario_you') + ': '));
			said.appendChild(doc.createTextNode(this.choiceText(w.last.from, w.last.index, w.last.choice)));
			/* Read as "You chose: …", shown as the learner's line. */
			said.setAttribute('aria-label', format(t('scenario_you_chose'),
			    { choice: this.choiceText(w.last.from, w.last.index, w.last.choice) }));
			box.appendChild(said);
			if (w.last.choice.feedback) {
				var f = el('div', 'cs-scenario__fb');
				f.innerHTML = w.last.choice.feedback;
				box.appendChild(f);
			}
			node.insertBefore(box, node.firstChild);
		}
		if (w.ended) {
			var end = el('div', 'cs-scenario__end cs-scenario__end--' + w.outcome);
			var o = el('p', 'cs-scenario__outcome');
			var ic = el('span', 'cs-scenario__icon',
			    w.outcome === 'good' ? '\u2713' : w.outcome === 'bad' ? '\u2717' : '\u2013');
			ic.setAttribute('aria-hidden', 'true');
			o.appendChild(ic);
			o.appendChild(doc.createTextNode(' ' + t('scenario_outcome_' + w.outcome)));
			end.appendChild(o);
			end.appendChild(el('p', 'cs-scenario__score', this.scoreText(w)));
			end.appendChild(this.review(w));
			var again = el('button', 'cs-scenario__again', t('scenario_play_again'));
			again.type = 'button';
			end.appendChild(again);
			if (text && text.nextSibling)
				node.insertBefore(end, text.nextSibling);
			else
				node.appendChild(end);
		}
		this.el.classList.toggle('cs-scenario--ended', w.ended);
		return w;
	};

	/*
	 * The conversation so far, above the current step: each earlier
	 * node's text, the learner's reply and its feedback.  The last reply
	 * is not here: the current node opens with it (.cs-scenario__feedback).
	 */
	Scenario.prototype.renderLog = function (w) {
		var self = this;
		var t = this.t;
		var log = this.el.querySelector('.cs-scenario__log');
		if (log)
			log.parentNode.removeChild(log);
		if (w.path.length < 2)
			return;
		log = el('div', 'cs-scenario__log');
		log.setAttribute('role', 'group');
		log.setAttribute('aria-label', t('scenario_so_far'));
		var st = this.st();
		for (var i = 0; i < w.path.length - 1; i++) {
			var from = this.nodes[w.path[i]];
			var src = from && from.querySelector('.cs-scenario__text');
			if (src) {
				var copy = src.cloneNode(true);
				copy.className = 'cs-scenario__said';
				copy.removeAttribute('tabindex');
				each(copy.querySelectorAll('[id]'), function (x) { x.removeAttribute('id'); });
				log.appendChild(copy);
			}
			if (i === w.path.length - 2)
				break;
			var k = this.nodeKey(w.path[i]);
			var c = k && k.choices && k.choices[st.c[i]];
			var you = el('p', 'cs-scenario__chosen cs-line cs-line--you');
			you.appendChild(el('span', 'cs-line__who', t('scenario_you') + ': '));
			you.appendChild(doc.createTextNode(self.choiceText(w.path[i], st.c[i], c)));
			log.appendChild(you);
			if (c && c.feedback) {
				var f = el('div', 'cs-scenario__fb');
				f.innerHTML = c.feedback;
				log.appendChild(f);
			}
		}
		var first = firstNode(this);
		first.parentNode.insertBefore(log, first);
	};

	/* Where the log goes: before the first node of the scenario. */
	function firstNode(sc) {
		return sc.el.querySelector('.cs-scenario__node');
	}

	/* At an ending: every reply on the path, its feedback and points. */
	Scenario.prototype.review = function (w) {
		var self = this;
		var t = this.t;
		var st = this.st();
		var box = el('div', 'cs-scenario__review');
		box.appendChild(el('p', 'cs-scenario__review-title', t('scenario_review')));
		var ol = el('ol', 'cs-scenario__review-list');
		for (var i = 0; i < w.path.length - 1; i++) {
			var k = this.nodeKey(w.path[i]);
			var c = k && k.choices && k.choices[st.c[i]];
			if (!c)
				continue;
			var best = 0;
			k.choices.forEach(function (x) {
				best = Math.max(best, Number(x.points) || 0);
			});
			var pts = Number(c.points) || 0;
			var li = el('li', 'cs-scenario__review-step cs-scenario__review-step--' +
			    (pts >= best ? 'best' : pts > 0 ? 'part' : 'none'));
			li.appendChild(el('p', 'cs-scenario__review-choice', self.choiceText(w.path[i], st.c[i], c)));
			li.appendChild(el('p', 'cs-scenario__review-points', format(t('scenario_step_points'),
			    { points: fmtNum(pts), best: fmtNum(best) })));
			if (c.feedback) {
				var f = el('div', 'cs-scenario__fb');
				f.innerHTML = c.feedback;
				li.appendChild(f);
			}
			ol.appendChild(li);
		}
		box.appendChild(ol);
		return box;
	};

	Scenario.prototype.scoreText = function (w) {
		return format(this.t('scenario_score'), { score: w.score, raw: fmtNum(w.raw),
		    best: fmtNum(this.best), max: fmtNum(this.best) });
	};

	Scenario.prototype.choose = function (index) {
		var st = this.st();
		var before = this.walk();
		if (before.ended || !isFinite(index))
			return;
		var k = this.nodeKey(before.node);
		if (!k || !k.choices || !k.choices[index])
			return;
		st.c.push(index);
		var w = this.walk();
		if (w.ended) {
			st.n = (st.n || 0) + 1;
			if (typeof st.b !== 'number' || w.score > st.b)
				st.b = w.score;
		}
		saveEntry('s', this.id);
		this.render();
		var t = this.t;
		var msg = format(t('scenario_you_chose'),
		    { choice: this.choiceText(w.last.from, w.last.index, w.last.choice) }) + '.';
		if (w.last.choice.feedback)
			msg += ' ' + plain(w.last.choice.feedback);
		if (w.ended)
			msg += ' ' + t('scenario_outcome_' + w.outcome) + '. ' + this.scoreText(w);
		this.status.textContent = msg.replace(/([.!?:;])\./g, '$1');
		var text = this.nodes[w.node].querySelector('.cs-scenario__text');
		if (text)
			text.focus();
		emit('scenario', {
			scenario: this.id,
			path: w.path,
			score: w.score,
			raw: w.raw,
			best: this.best,
			outcome: w.outcome,
			ended: w.ended
		});
	};

	Scenario.prototype.playAgain = function () {
		var st = this.st();
		st.c = [];
		saveEntry('s', this.id);
		this.render();
		this.status.textContent = '';
		var text = this.nodes[this.start].querySelector('.cs-scenario__text');
		if (text)
			text.focus();
	};

	/* ---------------------------------------------------------------
	 * Start-up and API
	 */

	function renderAll() {
		quizzes.forEach(function (q) { q.render(); });
		scenarios.forEach(function (s) { s.render(); });
	}

	var started = false;

	function init() {
		if (started)
			return;
		started = true;
		each(doc.querySelectorAll('section.cs-quiz, .cs-quiz[data-quiz]'), function (s) {
			if (s.__csQuiz)
				return;
			try {
				var q = new Quiz(s);
				s.__csQuiz = q;
				s.classList.add('cs-quiz--live');
				quizzes.push(q);
			} catch (e) {
				/* Leave the plain form as it is. */
				if (window.console)
					console.warn(e.message);
			}
		});
		each(doc.querySelectorAll('section.cs-scenario, .cs-scenario[data-scenario]'), function (s) {
			if (s.__csScenario)
				return;
			try {
				var sc = new Scenario(s);
				s.__csScenario = sc;
				scenarios.push(sc);
			} catch (e) {
				/* Leave the plain links as they are. */
				if (window.console)
					console.warn(e.message);
			}
		});
		renderAll();
		if (/(^|[?&])answers(=|&|$)/.test(location.search.slice(1)))
			answerKey();
		var pending = 0;
		window.addEventListener('resize', function () {
			clearTimeout(pending);
			pending = setTimeout(function () {
				quizzes.forEach(function (q) {
					q.questions.forEach(function (x) { x.echo(); });
				});
			}, 150);
		});
		if (LESSON)
			emit('lesson', { lesson: LESSON, course: COURSE }, true);
	}

	/*
	 * Facilitator's answer key: the page opened with ?answers shows every
	 * question of the pool (draws included) with its answer, on screen and
	 * in print, and offers to print.  Nothing is recorded.  The key is in
	 * the page anyway (obfuscated, not secret: see docs/quiz-runtime.md).
	 */
	function answerKey() {
		if (!quizzes.length)
			return;
		body.classList.add('cs-answer-key');
		quizzes.forEach(function (q) {
			q.questions.forEach(function (x) {
				x.el.hidden = false;
				x.clear();
				if (x.scored)
					x.revealAnswer();
			});
			q.number();
		});
		var t = quizzes[0].t;
		var bar = el('div', 'cs-answer-key__bar');
		bar.appendChild(el('p', 'cs-answer-key__title', t('quiz_answer_key')));
		var b = el('button', 'cs-answer-key__print', t('quiz_print_key'));
		b.type = 'button';
		b.addEventListener('click', function () { window.print(); });
		bar.appendChild(b);
		var main = doc.getElementById('cs-main') || body;
		main.insertBefore(bar, main.firstChild);
	}

	api.on = on;
	Object.defineProperty(api, 'state', {
		configurable: true,
		enumerable: true,
		get: function () {
			return clone(compact(store));
		}
	});
	api.restore = function (snapshot) {
		var v = snapshot;
		if (typeof v === 'string') {
			try {
				v = JSON.parse(v);
			} catch (e) {
				return false;
			}
		}
		if (!v || typeof v !== 'object')
			return false;
		store = normStore(clone(v));
		writeStore(store);
		quizzes.forEach(function (q) {
			q.touched = {};
			q.shownAt = Date.now();
		});
		renderAll();
		return true;
	};
	api._seed = function (n) {
		testSeed = Number(n) >>> 0;
		quizzes.forEach(function (q) {
			var st = q.st();
			if (st.c || !q.needsSeed())
				return;
			st.s = newSeed(q.id, q.attemptsUsed() + 1);
			q.save();
			q.render();
		});
	};

	if (doc.readyState === 'complete')
		init();
	else {
		doc.addEventListener('DOMContentLoaded', init);
		window.addEventListener('load', init);
	}
})();
