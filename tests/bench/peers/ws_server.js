// Reference peer for the benchmarks: the subset of the Träffpunkt protocol (protocol/PROTOCOL.md)
// that the fan-out scenario uses, written the way a Node.js team would with the `ws` package.
// One meeting (1) with one open single-choice link poll (1, options 1-4); audience.join with the
// code given on the command line, auth, subscribe to polls:1, poll.vote (one ballot per device,
// idem keys honoured), and coalesced poll.tally events at most every --tally-ms (100) on polls:1.
// Votes are kept in memory only: nothing is written to disk (Träffpunkt commits each vote to
// SQLite before answering), so the comparison favours this peer.
//
//   node ws_server.js --listen 127.0.0.1:0 --code bench --ready-file FILE
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const { WebSocketServer } = require('ws');

function parseArgs(argv) {
  const args = { listen: '127.0.0.1:8090', code: 'bench', tallyMs: 100, readyFile: null };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`missing value for ${name}`);
    if (name === '--listen') args.listen = value;
    else if (name === '--code') args.code = value;
    else if (name === '--tally-ms') args.tallyMs = Number(value);
    else if (name === '--ready-file') args.readyFile = value;
    else throw new Error(`unknown option ${name}`);
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const epoch = crypto.randomBytes(8).toString('hex');
const meetingId = 1;
const topic = `polls:${meetingId}`;
const labels = ['Ja', 'Nej', 'Vet inte', 'Kanske'];
const counts = [0, 0, 0, 0];
let ballots = 0;
let seq = 0;
let dirty = false;
const devices = new Map(); // token -> { tokenId, voted, idem: Map }
const subscribers = new Set();
let nextTokenId = 1;

function results() {
  return {
    poll_id: 1, kind: 'single', ballots, final: false,
    options: labels.map((label, i) => ({ option_id: i + 1, label, count: counts[i] })),
  };
}

function poll() {
  return {
    poll_id: 1, meeting_id: meetingId, agenda_item_id: null, kind: 'single',
    question: 'Ska nätverket ses i Malmö i vår?', description: '',
    options: labels.map((label, i) => ({ option_id: i + 1, label })),
    max_choices: null, scale: null, text_max_length: null, pb: null,
    anonymous: true, audience: 'link', results: 'live', status: 'open',
    auto_close_at: null, opened_at: new Date().toISOString(), closed_at: null, ballots,
  };
}

const error = (code, message) => ({ error: { code, message } });

function handle(conn, op, args) {
  switch (op) {
    case 'audience.join': {
      if (args.code !== argsCode) return error('invalid_invitation', 'unknown poll link');
      const token = crypto.randomBytes(32).toString('base64url');
      const tokenId = nextTokenId++;
      devices.set(token, { tokenId, voted: false, idem: new Map() });
      return { result: { token, meeting_id: meetingId, token_id: tokenId } };
    }
    case 'auth': {
      const device = devices.get(args.token);
      if (!device) return error('unauthorized', 'unknown or revoked token');
      conn.device = device;
      subscribers.delete(conn);
      return {
        result: {
          role: 'audience', name: `audience device ${device.tokenId}`, person: null,
          facilitates: [], meeting_id: meetingId,
        },
      };
    }
    case 'subscribe': {
      if (args.topic !== topic) return error('invalid_args', 'unknown topic');
      if (!conn.device) return error('forbidden', 'not an audience device of this meeting');
      subscribers.add(conn);
      return {
        result: {
          topic, epoch, seq, replayed: 0,
          snapshot: { meeting_id: meetingId, polls: [{ poll: poll(), results: results() }] },
        },
      };
    }
    case 'poll.vote': {
      const device = conn.device;
      if (!device) return error('forbidden', 'not an audience device');
      if (args.poll_id !== 1) return error('not_found', `no poll ${args.poll_id}`);
      const option = args.ballot && args.ballot.option;
      if (!Number.isInteger(option) || option < 1 || option > labels.length) {
        return error('invalid_ballot', 'unknown option');
      }
      if (device.voted) {
        return error('conflict', 'you have voted in this anonymous poll');
      }
      device.voted = true;
      counts[option - 1] += 1;
      ballots += 1;
      dirty = true;
      return { result: { poll_id: 1, voted: true, changed: false } };
    }
    default:
      return error('unknown_op', `unknown op ${op}`);
  }
}

const argsCode = args.code;
const server = http.createServer((req, res) => {
  res.writeHead(404).end('not found');
});
const wss = new WebSocketServer({
  server, path: '/ws', perMessageDeflate: false, maxPayload: 64 * 1024,
  handleProtocols: (protocols) => (protocols.has('traffpunkt.v1') ? 'traffpunkt.v1' : false),
});

wss.on('connection', (conn) => {
  conn.device = null;
  conn.on('message', (data, isBinary) => {
    if (isBinary) return conn.close(1003);
    let request;
    try {
      request = JSON.parse(data);
    } catch {
      return conn.send(JSON.stringify({ re: null, ...error('bad_request', 'not JSON') }));
    }
    const args = request.args || {};
    const device = conn.device;
    // Idempotency as the protocol promises: a retried key gets the first answer.
    if (request.op === 'poll.vote' && device && request.idem && device.idem.has(request.idem)) {
      return conn.send(JSON.stringify({ re: request.id, ...device.idem.get(request.idem) }));
    }
    const answer = handle(conn, request.op, args);
    if (request.op === 'poll.vote' && device && request.idem && answer.result) {
      device.idem.set(request.idem, answer);
    }
    conn.send(JSON.stringify({ re: request.id, ...answer }));
  });
  conn.on('close', () => subscribers.delete(conn));
  conn.on('error', () => subscribers.delete(conn));
});

// Coalesced tallies: one event per interval when something changed, the same bytes to all.
setInterval(() => {
  if (!dirty) return;
  dirty = false;
  seq += 1;
  const frame = JSON.stringify({
    ev: 'poll.tally', topic, seq, epoch,
    data: { poll_id: 1, ballots, results: results(), server_time: new Date().toISOString() },
  });
  for (const conn of subscribers) conn.send(frame);
}, args.tallyMs);

const [host, port] = [args.listen.slice(0, args.listen.lastIndexOf(':')),
  Number(args.listen.slice(args.listen.lastIndexOf(':') + 1))];
server.listen({ host, port, backlog: 4096 }, () => {
  const address = `${host}:${server.address().port}\n`;
  if (args.readyFile) fs.writeFileSync(args.readyFile, address);
  process.stdout.write(address);
});
process.on('SIGTERM', () => process.exit(0));
