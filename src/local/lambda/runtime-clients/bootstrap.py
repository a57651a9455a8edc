"""
The offline cloud's Lambda runtime client for Python handlers: our own implementation of the
Runtime API client loop, standard library only.
https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html

Environment: _HANDLER (`module.function`, module may be dotted or a path `dir/mod.fn`),
LAMBDA_TASK_ROOT (the code folder), and either GRAVITON_LOCAL_RUNTIME_FD (the offline cloud's
pipe) or AWS_LAMBDA_RUNTIME_API (host:port of the Runtime API over HTTP).
"""

import importlib
import json
import logging
import os
import resource
import socket
import sys
import time
import traceback

THIS_FILE = os.path.abspath(__file__)
http_client = None


class HttpRuntimeApi(object):
    """The Runtime API over HTTP, as Lambda serves it at AWS_LAMBDA_RUNTIME_API.

    One kept-alive connection on loopback (never through a proxy the function's environment may
    name): two round trips per invocation without a new TCP connection each."""

    BASE_PATH = '/2018-06-01/runtime'

    def __init__(self, address):
        global http_client
        import http.client as http_client  # only for this transport: it takes a while to import
        self.address = address
        self.connection = None

    def call(self, method, path, body=None, headers=None):
        """One call; failing to reach the API means the service is gone: exit. A status the API
        refuses a call with (e.g. a response over the size limit) is returned, not fatal."""
        for attempt in (1, 2):
            try:
                if self.connection is None:
                    self.connection = http_client.HTTPConnection(self.address)
                self.connection.request(method, self.BASE_PATH + path, body=body, headers=headers or {})
                response = self.connection.getresponse()
                return response.status, dict(response.getheaders()), response.read()
            except (http_client.HTTPException, ConnectionError, OSError):
                # A kept-alive connection the server closed: reconnect once, then give up.
                self.connection = None
                if attempt == 2:
                    os._exit(1)

    def next(self):
        status, headers, body = self.call('GET', '/invocation/next')
        if status != 200:
            sys.stderr.write('runtime client: /invocation/next answered %d\n' % status)
            sys.exit(1)
        return {
            'requestId': headers['Lambda-Runtime-Aws-Request-Id'],
            'deadlineMs': int(headers.get('Lambda-Runtime-Deadline-Ms', '0')),
            'invokedFunctionArn': headers.get('Lambda-Runtime-Invoked-Function-Arn'),
            'traceId': headers.get('Lambda-Runtime-Trace-Id'),
            'clientContext': headers.get('Lambda-Runtime-Client-Context'),
            'cognitoIdentity': headers.get('Lambda-Runtime-Cognito-Identity'),
        }, body

    def respond(self, request_id, payload):
        self.call('POST', '/invocation/%s/response' % request_id, payload, {'Content-Type': 'application/json'})

    def fail(self, request_id, document):
        self._post_error('/invocation/%s/error' % request_id, document)

    def init_failed(self, document):
        self._post_error('/init/error', document)

    def _post_error(self, path, document):
        self.call('POST', path, json.dumps(document).encode('utf-8'), {
            'Content-Type': 'application/json',
            'Lambda-Runtime-Function-Error-Type': document['errorType'],
        })


class PipeRuntimeApi(object):
    """The same calls over the pipe the offline cloud gives its own runtime clients (fd in
    GRAVITON_LOCAL_RUNTIME_FD; runtime-pipe.ts): a JSON header line, then the body's bytes."""

    def __init__(self, fd):
        os.set_inheritable(fd, False)  # not for processes the handler starts
        self.socket = socket.socket(fileno=fd)
        self.reader = self.socket.makefile('rb', buffering=65536)
        self.pending = b''

    def _send(self, header, body=b''):
        header['length'] = len(body)
        try:
            self.socket.sendall(self.pending + json.dumps(header).encode('utf-8') + b'\n' + body)
        except OSError:
            os._exit(1)
        self.pending = b''

    def next(self):
        # Ready for work: sent together with the previous result when there is one.
        self._send({'type': 'next'})
        line = self.reader.readline()
        if not line:
            os._exit(1)  # the offline cloud is gone
        header = json.loads(line)
        body = self.reader.read(header['length']) if header['length'] else b''
        return header, body

    def respond(self, request_id, payload):
        self._queue({'type': 'response', 'requestId': request_id, 'maxRssKb': max_rss_kb()}, payload)

    def fail(self, request_id, document):
        self._queue({'type': 'error', 'requestId': request_id, 'errorType': document['errorType'], 'maxRssKb': max_rss_kb()},
                    json.dumps(document).encode('utf-8'))

    def init_failed(self, document):
        self._send({'type': 'initError', 'errorType': document['errorType']}, json.dumps(document).encode('utf-8'))

    def _queue(self, header, body):
        """A result goes out with the `next` that follows it: one write per invocation."""
        header['length'] = len(body)
        self.pending += json.dumps(header).encode('utf-8') + b'\n' + body


def max_rss_kb():
    """This process's peak resident memory in KB, for the REPORT line (macOS counts it in bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == 'darwin' else peak


def runtime_api():
    fd = os.environ.pop('GRAVITON_LOCAL_RUNTIME_FD', None)
    if fd is not None:
        return PipeRuntimeApi(int(fd))
    return HttpRuntimeApi(os.environ['AWS_LAMBDA_RUNTIME_API'])


API = None


def runtime_version():
    """(3, 12) of AWS_EXECUTION_ENV=AWS_Lambda_python3.12."""
    try:
        return tuple(int(part) for part in os.environ['AWS_EXECUTION_ENV'].rsplit('python', 1)[1].split('.')[:2])
    except (KeyError, IndexError, ValueError):
        return (0, 0)


# Since python3.12, Lambda writes non-ASCII characters of responses as UTF-8, not \u escapes.
# https://docs.aws.amazon.com/lambda/latest/dg/lambda-python.html
UTF8_RESPONSES = runtime_version() >= (3, 12)

# The request id of the invocation in progress, for the log format below.
current_request_id = ''


def user_frames(tb):
    """The traceback without the runtime client's own frames, as AWS shows it."""
    frames = traceback.extract_tb(tb)
    while frames and os.path.abspath(frames[0].filename) == THIS_FILE:
        frames = frames[1:]
    return frames


# https://docs.aws.amazon.com/lambda/latest/dg/python-exceptions.html
def error_document(error_type, message, frames, request_id):
    return {
        'errorMessage': message,
        'errorType': error_type,
        'requestId': request_id,
        'stackTrace': traceback.format_list(frames),
    }


# Lambda's log format and application log level (LoggingConfig), as the managed runtime reads them.
# https://docs.aws.amazon.com/lambda/latest/dg/python-logging.html#python-logging-advanced
JSON_LOGS = os.environ.get('AWS_LAMBDA_LOG_FORMAT', '').upper() == 'JSON'
# Python has no TRACE: the managed runtime maps it to DEBUG (FATAL is CRITICAL's other name).
LOG_LEVEL = {'TRACE': 'DEBUG'}.get(os.environ.get('AWS_LAMBDA_LOG_LEVEL', '').upper(), os.environ.get('AWS_LAMBDA_LOG_LEVEL', '').upper())


def utc_timestamp(seconds):
    """2024-05-01T12:00:00.123Z"""
    return time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(seconds)) + '.%03dZ' % (int(seconds * 1000) % 1000)


def log_error(document):
    if JSON_LOGS:
        # One JSON record, as the managed runtime writes a handler's error in JSON format.
        record = dict({'timestamp': utc_timestamp(time.time()), 'level': 'ERROR'}, **document)
        sys.stdout.write(json.dumps(record) + '\n')
        sys.stdout.flush()
        return
    lines = ['[ERROR] %s: %s' % (document['errorType'], document['errorMessage'])]
    if document['stackTrace']:
        lines.append('Traceback (most recent call last):')
        lines.extend(frame.rstrip('\n') for frame in document['stackTrace'])
    sys.stderr.write('\n'.join(lines) + '\n')
    sys.stderr.flush()


def init_error(error_type, message, frames=()):
    document = error_document(error_type, message, list(frames), '')
    log_error(document)
    API.init_failed(document)
    sys.exit(1)


# https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html
def load_handler(handler):
    try:
        module_name, function_name = handler.rsplit('.', 1)
    except ValueError as error:
        init_error('Runtime.MalformedHandlerName', "Bad handler '%s': %s" % (handler, error))
    try:
        module = importlib.import_module(module_name.replace('/', '.'))
    except ImportError as error:
        init_error('Runtime.ImportModuleError', "Unable to import module '%s': %s" % (module_name, error))
    except SyntaxError as error:
        init_error('Runtime.UserCodeSyntaxError', "Syntax error in module '%s': %s" % (module_name, error))
    except Exception as error:  # the module raised while it was being imported
        init_error(type(error).__name__, str(error), user_frames(sys.exc_info()[2]))
    function = getattr(module, function_name, None)
    if function is None:
        init_error('Runtime.HandlerNotFound', "Handler '%s' missing on module '%s'" % (function_name, module_name))
    return function


# https://docs.aws.amazon.com/lambda/latest/dg/python-context.html
class CognitoIdentity(object):
    def __init__(self, document):
        self.cognito_identity_id = document.get('cognitoIdentityId')
        self.cognito_identity_pool_id = document.get('cognitoIdentityPoolId')


class ClientContext(object):
    def __init__(self, document):
        self.client = document.get('client')
        self.custom = document.get('custom')
        self.env = document.get('env')


class LambdaContext(object):
    def __init__(self, request_id, deadline_ms, invoked_function_arn, client_context, identity):
        self.aws_request_id = request_id
        self.invoked_function_arn = invoked_function_arn
        self.function_name = os.environ.get('AWS_LAMBDA_FUNCTION_NAME')
        self.function_version = os.environ.get('AWS_LAMBDA_FUNCTION_VERSION')
        self.memory_limit_in_mb = os.environ.get('AWS_LAMBDA_FUNCTION_MEMORY_SIZE')
        self.log_group_name = os.environ.get('AWS_LAMBDA_LOG_GROUP_NAME')
        self.log_stream_name = os.environ.get('AWS_LAMBDA_LOG_STREAM_NAME')
        self.client_context = ClientContext(client_context) if client_context else None
        self.identity = CognitoIdentity(identity or {})
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(self._deadline_ms - int(time.time() * 1000), 0)

    def __repr__(self):
        return 'LambdaContext([aws_request_id=%s,function_name=%s,function_version=%s,invoked_function_arn=%s])' % (
            self.aws_request_id, self.function_name, self.function_version, self.invoked_function_arn)


class ResponseEncoder(json.JSONEncoder):
    """Lambda's encoder also writes Decimal values (as boto3 returns them) as numbers."""

    def default(self, o):
        # Without the decimal module loaded there are no Decimal values (and no import at start).
        decimal = sys.modules.get('decimal')
        if decimal is not None and isinstance(o, decimal.Decimal):
            return int(o) if o == o.to_integral_value() else float(o)
        return json.JSONEncoder.default(self, o)


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = current_request_id
        return True


# The fields of a LogRecord that are not `extra` fields the JSON record carries.
RECORD_FIELDS = frozenset(vars(logging.LogRecord('', 0, '', 0, '', (), None))) | {'message', 'aws_request_id'}


class JsonFormatter(logging.Formatter):
    """A record as the managed runtime writes it in JSON format: timestamp, level, message, logger,
    requestId, the exception's type, message and trace when there is one, and `extra` fields."""

    def format(self, record):
        document = {
            'timestamp': utc_timestamp(record.created),
            'level': logging.getLevelName(min(50, max(0, record.levelno)) // 10 * 10),
            'message': record.getMessage(),
            'logger': record.name,
            'requestId': getattr(record, 'aws_request_id', None) or None,
        }
        if record.exc_info:
            document['errorType'] = record.exc_info[0].__name__
            document['errorMessage'] = str(record.exc_info[1])
            document['stackTrace'] = traceback.format_tb(record.exc_info[2])
            document['location'] = '%s:%s:%s' % (record.pathname, record.funcName, record.lineno)
        for key, value in vars(record).items():
            if key not in RECORD_FIELDS and key not in document:
                document[key] = value
        return json.dumps({key: value for key, value in document.items() if value is not None}, default=str, ensure_ascii=False)


def setup_logging():
    """The root logger writes AWS's format: [LEVEL] time request-id message, or JSON records; at the
    application log level when there is one."""
    handler = logging.StreamHandler(sys.stdout)
    handler.addFilter(RequestIdFilter())
    if JSON_LOGS:
        handler.setFormatter(JsonFormatter())
    else:
        formatter = logging.Formatter('[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s', '%Y-%m-%dT%H:%M:%S')
        formatter.converter = time.gmtime
        handler.setFormatter(formatter)
    root = logging.getLogger()
    root.addHandler(handler)
    if LOG_LEVEL in ('DEBUG', 'INFO', 'WARN', 'WARNING', 'ERROR', 'FATAL', 'CRITICAL'):
        root.setLevel({'WARN': 'WARNING', 'FATAL': 'CRITICAL'}.get(LOG_LEVEL, LOG_LEVEL))


def parse_json(value):
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None


def handle_one(handler):
    global current_request_id
    invocation, body = API.next()
    request_id = invocation['requestId']
    current_request_id = request_id
    trace_id = invocation.get('traceId')
    if trace_id:
        os.environ['_X_AMZN_TRACE_ID'] = trace_id
    else:
        os.environ.pop('_X_AMZN_TRACE_ID', None)
    context = LambdaContext(
        request_id,
        int(invocation.get('deadlineMs') or 0),
        invocation.get('invokedFunctionArn'),
        parse_json(invocation.get('clientContext')),
        parse_json(invocation.get('cognitoIdentity')),
    )
    try:
        event = json.loads(body.decode('utf-8')) if body else {}
        result = handler(event, context)
    except Exception as error:
        document = error_document(type(error).__name__, str(error), user_frames(sys.exc_info()[2]), request_id)
        log_error(document)
        API.fail(request_id, document)
        return
    try:
        payload = json.dumps(result, cls=ResponseEncoder, ensure_ascii=not UTF8_RESPONSES).encode('utf-8')
    except (TypeError, ValueError) as error:
        document = error_document('Runtime.MarshalError', 'Unable to marshal response: %s' % error, [], request_id)
        log_error(document)
        API.fail(request_id, document)
        return
    API.respond(request_id, payload)


def start_debugger():
    """Under graviton-local --debug-python: debugpy listens before the handler loads, and each
    change of whether a client is attached is written to stderr (the worker suspends the
    function's timeout while one is)."""
    address = os.environ.pop('GRAVITON_LOCAL_DEBUGPY', None)
    if not address:
        return
    import threading
    import debugpy
    host, port = address.rsplit(':', 1)
    debugpy.listen((host, int(port)))

    def watch():
        attached = False
        while True:
            now = debugpy.is_client_connected()
            if now != attached:
                attached = now
                os.write(2, b'Debugger attached.\n' if now else b'Debugger detached.\n')
            time.sleep(0.2)

    threading.Thread(target=watch, name='graviton-local-debugger', daemon=True).start()


def main():
    global API
    API = runtime_api()
    task_root = os.environ.get('LAMBDA_TASK_ROOT', os.getcwd())
    sys.path.insert(0, task_root)
    setup_logging()
    start_debugger()
    handler = load_handler(os.environ.get('_HANDLER', ''))
    while True:
        handle_one(handler)


if __name__ == '__main__':
    main()
