'use strict';
/**
 * An Express 5 app as a user writes one, served on Lambda by serverless-http. Express routes on
 * the request's path itself, so one ANY /{proxy+} route sends it every request, and Express's own
 * 404 answers the paths it has no route for.
 */
const express = require('express');
const serverless = require('serverless-http');

const app = express();

app.get('/items/:id', (req, res) => {
  // Express 5's default ("simple") query parser gives a repeated key as an array.
  res.json({ id: req.params.id, query: req.query });
});

app.get('/session', (req, res) => {
  res.cookie('session', 's3cr3t', { path: '/', secure: true, httpOnly: true });
  res.cookie('theme', 'dark', { maxAge: 3_600_000 });
  res.json({ cookies: parseCookies(req.headers.cookie) });
});

app.post('/orders', express.json(), (req, res) => {
  const order = req.body;
  const total = order.lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
  res.status(201).json({ customer: order.customer, lines: order.lines.length, total });
});

app.post('/blobs', express.raw({ type: 'application/octet-stream' }), (req, res) => {
  res.type('application/octet-stream').send(Buffer.from(req.body).reverse());
});

/** `a=1; b=2` as `{a: '1', b: '2'}` (what cookie-parser would give). */
function parseCookies(header = '') {
  const cookies = {};
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0) cookies[pair.slice(0, eq).trim()] = decodeURIComponent(pair.slice(eq + 1).trim());
  }
  return cookies;
}

// serverless-http base64-encodes a response body only for the content types it is told are binary.
module.exports.handler = serverless(app, { binary: ['application/octet-stream'] });
