// Loaded into every Node.js function of the offline cloud (NODE_OPTIONS=--require).
//
// On AWS, a custom resource's function answers CloudFormation with an HTTPS PUT to the event's
// ResponseURL (a pre-signed S3 URL). Offline, the ResponseURL is the offline cloud's own
// loopback endpoint, which speaks plain HTTP. Handlers that send the answer with
// https.request({ hostname, path }) and no port (the @aws-cdk/integ-tests-alpha handler and
// CDK's custom resource framework do) would dial port 443 with TLS; this sends exactly those
// requests, and nothing else, to the endpoint over HTTP.
'use strict';
const http = require('http');
const https = require('https');

const endpoint = process.env.GRAVITON_LOCAL_CFN_RESPONSE_ENDPOINT; // host:port
if (endpoint) {
  const separator = endpoint.lastIndexOf(':');
  const host = endpoint.slice(0, separator);
  const port = Number(endpoint.slice(separator + 1));
  const httpsRequest = https.request;
  https.request = function request(options, ...rest) {
    const isResponse = options !== null && typeof options === 'object' && !(options instanceof URL)
      && options.hostname === host && options.port === undefined
      && typeof options.path === 'string' && options.path.startsWith('/cloudformation/');
    if (isResponse) {
      return http.request({ ...options, port }, ...rest);
    }
    return httpsRequest.call(this, options, ...rest);
  };
}
