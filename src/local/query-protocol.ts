import { AwsApiError, ServiceRequest, ServiceResponse, requestId } from './service-endpoint';

/**
 * The AWS query protocol, as IAM and STS speak it: a form POST (`Action=...&Version=...&Name=value`),
 * answered in XML `<ActionResponse><ActionResult>...</ActionResult><ResponseMetadata>`, errors as
 * `<ErrorResponse><Error><Type><Code><Message>`, lists as `<member>` elements.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/iam-api.pdf#CommonParameters
 * https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 */

/** The request's parameters: the form body and the query string. */
export function queryParameters(request: ServiceRequest): URLSearchParams {
  const parameters = new URLSearchParams(request.url.search);
  for (const [key, value] of new URLSearchParams(request.body.toString('utf8'))) parameters.set(key, value);
  return parameters;
}

/** A required parameter, or the ValidationError AWS answers when it is missing. */
export function requiredParameter(parameters: URLSearchParams, name: string): string {
  const value = parameters.get(name);
  if (value === null || value === '') {
    throw new AwsApiError('ValidationError', 400, `1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

/** A value as XML elements: objects as nested elements, arrays as `<member>` items. */
export type XmlValue = string | number | boolean | undefined | XmlValue[] | { readonly [key: string]: XmlValue };

export function toXml(value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => `<member>${toXml(item)}</member>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value).filter(([, v]) => v !== undefined).map(([key, v]) => `<${key}>${toXml(v)}</${key}>`).join('');
  }
  return escapeXml(String(value));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** The answer to `action`: its result wrapped as the query protocol wraps it. */
export function queryResponse(namespace: string, action: string, result: { readonly [key: string]: XmlValue }): ServiceResponse {
  const id = requestId();
  return {
    status: 200,
    headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': id },
    body: `<${action}Response xmlns="${namespace}"><${action}Result>${toXml(result)}</${action}Result>`
      + `<ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

/** An error in the query protocol's shape; SDKs raise it under its Code. */
export function queryError(namespace: string, error: AwsApiError): ServiceResponse {
  const id = requestId();
  const type = error.statusCode >= 500 ? 'Receiver' : 'Sender';
  return {
    status: error.statusCode,
    headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': id },
    body: `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code>`
      + `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`,
  };
}
