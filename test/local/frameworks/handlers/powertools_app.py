"""A Powertools for AWS Lambda (Python) app as a user writes one: one Router, served by the HTTP API
resolver (payload format 2.0, `http_handler`) and by the REST API resolver (payload format 1.0,
`rest_handler`). Powertools routes on the request's path itself, so any route key that reaches
the function ($default, ANY /{proxy+}) serves every route below, and its own 404 answers the rest.
"""
import base64

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.router import Router
from aws_lambda_powertools.shared.cookies import Cookie

router = Router()


@router.get("/items/<item_id>")
def get_item(item_id: str):
    event = router.current_event
    return {
        "id": item_id,
        # As API Gateway sent it: payload 2.0 comma-joins a repeated key.
        "query": event.query_string_parameters,
        # Every value of a repeated key, whichever payload format carried them.
        "resolvedQuery": event.resolved_query_string_parameters,
    }


@router.get("/session")
def session():
    return Response(
        status_code=200,
        content_type=content_types.APPLICATION_JSON,
        body={"cookies": router.current_event.resolved_cookies_field},
        cookies=[
            Cookie(name="session", value="s3cr3t", path="/", secure=True, http_only=True),
            Cookie(name="theme", value="dark", max_age=3600),
        ],
    )


@router.post("/orders")
def create_order():
    order = router.current_event.json_body
    total = sum(line["price"] * line["quantity"] for line in order["lines"])
    return Response(
        status_code=201,
        content_type=content_types.APPLICATION_JSON,
        body={"customer": order["customer"], "lines": len(order["lines"]), "total": total},
    )


@router.post("/blobs")
def reverse_blob():
    event = router.current_event
    # Powertools' decoded_body is text (it decodes the bytes as UTF-8); raw bytes come from the base64 body.
    data = base64.b64decode(event.body) if event.is_base64_encoded else (event.body or "").encode()
    # A bytes body is base64-encoded by Powertools, with isBase64Encoded true.
    return Response(
        status_code=200,
        content_type="application/octet-stream",
        body=bytes(reversed(data)),
        headers={"x-request-base64": str(event.is_base64_encoded).lower()},
    )


http_app = APIGatewayHttpResolver()
http_app.include_router(router)

rest_app = APIGatewayRestResolver()
rest_app.include_router(router)


def http_handler(event, context):
    return http_app.resolve(event, context)


def rest_handler(event, context):
    return rest_app.resolve(event, context)
