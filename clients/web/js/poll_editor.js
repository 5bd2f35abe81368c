// Creating a poll of any kind (facilitator console): the question, the kind, and only the fields
// that kind uses: options (single, multiple, approval, ranking), the most choices (multiple, and
// optionally approval), the scale's top value and end labels, the longest answer (text), or for
// participatory budgeting the budget, the ballot (approval, knapsack, points), its rules and the
// projects with their costs. Who votes (registered people, or anyone with the poll link), when
// results show, anonymity and the agenda item are common to all kinds.

import { h, patch, field, idemKey, uid } from './dom.js';
import { t } from './i18n.js';
import { feedback, send } from './ui.js';

const KINDS = ['single', 'multiple', 'approval', 'ranking', 'scale', 'text', 'pb'];
const WITH_OPTIONS = ['single', 'multiple', 'approval', 'ranking'];

/** A project row of a PB poll: title, cost, description, and a button to remove it. */
function projectRow(onRemove) {
  const key = uid('proj');
  const title = field('', 'text', { id: `${key}-title`, maxlength: 200, required: true, dataset: { part: 'title' } });
  const cost = field('', 'number', { id: `${key}-cost`, min: 1, step: 1, required: true, inputmode: 'numeric', dataset: { part: 'cost' } });
  const desc = field('', 'text', { id: `${key}-desc`, maxlength: 2000, dataset: { part: 'description' } });
  const remove = h('button', { type: 'button', class: 'small danger', id: `${key}-remove` });
  const row = h('li', { class: 'pb-project-edit' }, title.wrap, cost.wrap, desc.wrap, remove);
  remove.addEventListener('click', () => onRemove(row));
  return row;
}

/** Labels the rows by their place ("Projekt 2: namn"), after a row was added or removed. */
function numberRows(list) {
  [...list.children].forEach((row, i) => {
    const n = i + 1;
    const [title, cost, desc] = row.querySelectorAll('label');
    title.textContent = t('pollform.pb.project.title', { n });
    cost.textContent = t('pollform.pb.project.cost', { n });
    desc.textContent = t('pollform.pb.project.description', { n });
    row.querySelector('button').textContent = t('pollform.pb.project.remove', { n });
  });
}

/**
 * The form; `agendaItems()` lists the meeting's agenda items to link. Calls `created(poll)`
 * after the draft is made.
 */
export function pollEditor(conn, meetingId, { agendaItems = () => [], created = () => {} } = {}) {
  const question = field(t('fac.poll.question'), 'text', { id: 'poll-question', required: true, maxlength: 300 });
  const description = field(t('pollform.description'), 'textarea', { id: 'poll-description', rows: 2, maxlength: 2000 });
  const kind = field(t('fac.poll.kind'), 'select', { id: 'poll-kind', value: 'single' },
    KINDS.map(k => ({ value: k, label: t(`pollkind.${k}`) })));
  const kindHelp = h('p', { class: 'hint', id: 'poll-kind-help', 'aria-live': 'polite' });
  kind.input.setAttribute('aria-describedby', 'poll-kind-help');
  const options = field(t('fac.poll.options'), 'textarea', { id: 'poll-options', rows: 4, hint: t('fac.poll.options.hint') });
  const maxChoices = field(t('fac.poll.max'), 'number', { id: 'poll-max', min: 1, max: 50, value: '2' });
  const approvalMax = field(t('pollform.approval.max'), 'number', { id: 'poll-approval-max', min: 1, max: 50, hint: t('pollform.approval.max.hint') });
  const scaleMax = field(t('fac.poll.scalemax'), 'number', { id: 'poll-scale', min: 2, max: 10, value: '5' });
  const scaleMin = field(t('pollform.scale.minlabel'), 'text', { id: 'poll-scale-minlabel', maxlength: 100, hint: t('pollform.scale.minlabel.hint') });
  const scaleTop = field(t('pollform.scale.maxlabel'), 'text', { id: 'poll-scale-maxlabel', maxlength: 100, hint: t('pollform.scale.maxlabel.hint') });
  const textMax = field(t('pollform.text.max'), 'number', { id: 'poll-text-max', min: 1, max: 500, value: '200' });
  // Participatory budgeting.
  const budget = field(t('pollform.pb.budget'), 'number', { id: 'poll-pb-budget', min: 1, step: 1, inputmode: 'numeric' });
  const currency = field(t('pollform.pb.currency'), 'text', { id: 'poll-pb-currency', value: 'SEK', maxlength: 3, hint: t('pollform.pb.currency.hint') });
  const ballot = field(t('pollform.pb.ballot'), 'select', { id: 'poll-pb-ballot', value: 'knapsack' },
    ['knapsack', 'approval', 'points'].map(b => ({ value: b, label: t(`pollform.pb.ballot.${b}`) })));
  const utility = field(t('pollform.pb.utility'), 'select', { id: 'poll-pb-utility', value: 'cost' },
    ['cost', 'approval'].map(u => ({ value: u, label: t(`pollform.pb.utility.${u}`) })));
  const pbMax = field(t('pollform.pb.max'), 'number', { id: 'poll-pb-max', min: 1, hint: t('pollform.approval.max.hint') });
  const points = field(t('pollform.pb.points'), 'number', { id: 'poll-pb-points', min: 1, value: '10' });
  const projects = h('ol', { class: 'pb-projects-edit', id: 'poll-pb-projects' });
  const removeProject = (row) => {
    row.remove();
    numberRows(projects);
    const first = projects.querySelector('input');
    (first || addProject).focus();
  };
  const addProject = h('button', { type: 'button', id: 'poll-pb-add' }, t('pollform.pb.project.add'));
  addProject.addEventListener('click', () => {
    const row = projectRow(removeProject);
    projects.append(row);
    numberRows(projects);
    row.querySelector('input').focus();
  });
  projects.append(projectRow(removeProject), projectRow(removeProject));
  numberRows(projects);
  const pbBox = h('fieldset', { id: 'poll-pb' }, h('legend', null, t('pollkind.pb')),
    budget.wrap, currency.wrap, ballot.wrap, utility.wrap, pbMax.wrap, points.wrap,
    h('h4', null, t('pollform.pb.projects')), projects, addProject);
  // Common settings.
  const audience = field(t('pollform.audience'), 'select', { id: 'poll-audience', value: 'registered' },
    ['registered', 'link'].map(a => ({ value: a, label: t(`pollform.audience.${a}`) })));
  const results = field(t('fac.poll.results'), 'select', { id: 'poll-results', value: 'live' },
    ['live', 'after_close', 'facilitators'].map(k => ({ value: k, label: t(`pollresults.${k}`) })));
  const anonymousId = 'poll-anonymous';
  const anonymous = h('div', { class: 'choice' }, h('input', { type: 'checkbox', id: anonymousId, checked: true }), h('label', { for: anonymousId }, t('fac.poll.anonymous')));
  const item = field(t('pollform.item'), 'select', { id: 'poll-item', value: '' }, [{ value: '', label: t('pollform.item.none') }]);
  const fb = feedback('poll-feedback');
  const submit = h('button', { type: 'submit', class: 'primary', id: 'poll-create' }, t('fac.poll.create'));
  const form = h('form', { class: 'form', id: 'poll-form', novalidate: true },
    h('h3', null, t('fac.poll.new')), question.wrap, kind.wrap, kindHelp, description.wrap,
    options.wrap, maxChoices.wrap, approvalMax.wrap, scaleMax.wrap, scaleMin.wrap, scaleTop.wrap, textMax.wrap, pbBox,
    h('fieldset', null, h('legend', null, t('pollform.settings')), audience.wrap, results.wrap, anonymous, item.wrap),
    submit, fb.el);

  function show() {
    const k = kind.input.value;
    kindHelp.textContent = t(`pollform.help.${k}`);
    options.wrap.hidden = !WITH_OPTIONS.includes(k);
    maxChoices.wrap.hidden = k !== 'multiple';
    approvalMax.wrap.hidden = k !== 'approval';
    for (const x of [scaleMax, scaleMin, scaleTop]) x.wrap.hidden = k !== 'scale';
    textMax.wrap.hidden = k !== 'text';
    pbBox.hidden = k !== 'pb';
    const b = ballot.input.value;
    pbMax.wrap.hidden = b !== 'approval';
    points.wrap.hidden = b !== 'points';
    utility.wrap.hidden = b === 'points';
  }
  kind.input.addEventListener('change', show);
  ballot.input.addEventListener('change', show);

  function refreshItems() {
    const keep = item.input.value;
    patch(item.input, [{ value: '', label: t('pollform.item.none') }].concat(agendaItems().map(i => ({ value: String(i.item_id), label: i.title })))
      .map(o => h('option', { value: o.value }, o.label)));
    item.input.value = keep;
  }

  const fail = field => fb.fail({ code: 'invalid_args', message: '', details: { field } });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const k = kind.input.value;
    const args = {
      meeting_id: meetingId, kind: k, question: question.input.value.trim(), description: description.input.value,
      results: results.input.value, audience: audience.input.value, anonymous: document.getElementById(anonymousId).checked,
    };
    if (!args.question) return fail('question');
    if (item.input.value) args.agenda_item_id = Number(item.input.value);
    if (WITH_OPTIONS.includes(k)) {
      args.options = options.input.value.split('\n').map(x => x.trim()).filter(Boolean);
      if (args.options.length < 2) return fail('options');
    }
    if (k === 'multiple') args.max_choices = Number(maxChoices.input.value);
    if (k === 'approval' && approvalMax.input.value) args.max_choices = Number(approvalMax.input.value);
    if (k === 'scale') {
      args.scale = { max: Number(scaleMax.input.value) };
      if (scaleMin.input.value.trim()) args.scale.min_label = scaleMin.input.value.trim();
      if (scaleTop.input.value.trim()) args.scale.max_label = scaleTop.input.value.trim();
    }
    if (k === 'text') args.text_max_length = Number(textMax.input.value);
    if (k === 'pb') {
      const b = ballot.input.value;
      const list = [...projects.children].map((row) => {
        const part = p => row.querySelector(`[data-part="${p}"]`).value.trim();
        const project = { title: part('title'), cost: Number(part('cost')) };
        if (part('description')) project.description = part('description');
        return project;
      }).filter(p => p.title || p.cost);
      if (!budget.input.value) return fail('pb.budget');
      if (!list.length) return fail('pb.projects');
      args.pb = { budget: Number(budget.input.value), currency: currency.input.value.trim().toUpperCase() || 'SEK', ballot: b, projects: list };
      if (b !== 'points') args.pb.utility = utility.input.value;
      if (b === 'approval' && pbMax.input.value) args.pb.max_choices = Number(pbMax.input.value);
      if (b === 'points') args.pb.points_total = Number(points.input.value);
    }
    const res = await send(fb, conn.request('poll.create', args, { idem: idemKey('poll') }), r => t('fac.poll.created.named', { q: r.poll.question }), { button: submit });
    if (res) {
      question.input.value = '';
      options.input.value = '';
      created(res.poll);
    }
  });
  show();
  return { el: form, refreshItems };
}
