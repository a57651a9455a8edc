import aws_cdk as cdk
from aws_cdk import aws_lambda as lambda_
from cdk_graviton_http_lambda_api import GravitonHttpLambdaApi

HANDLER = """import json

def lambda_handler(event, context):
    return {"statusCode": 200, "body": json.dumps("Hello form Awstut !")}"""

app = cdk.App()
stack = cdk.Stack(app, "GravitonHelloApp")

hello = GravitonHttpLambdaApi(stack, "Hello",
    code=lambda_.Code.from_inline(HANDLER),
    handler="index.lambda_handler",
    route_keys=["GET /"],
)
hello.add_routes("GET /hello/{name}")

app.synth()
