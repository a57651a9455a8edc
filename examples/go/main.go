package main

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"
	"github.com/graviton-http-lambda-api/cdk-graviton-http-lambda-api-go/gravitonhttplambdaapi"
)

func main() {
	defer jsii.Close()

	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("GravitonHelloApp"), nil)

	hello := gravitonhttplambdaapi.NewGravitonHttpLambdaApi(stack, jsii.String("Hello"), &gravitonhttplambdaapi.GravitonHttpLambdaApiProps{
		Code: awslambda.Code_FromInline(jsii.String(strings.Join([]string{
			"import json",
			"",
			"def lambda_handler(event, context):",
			`    return {"statusCode": 200, "body": json.dumps("Hello form Awstut !")}`,
		}, "\n"))),
		Handler:   jsii.String("index.lambda_handler"),
		RouteKeys: &[]*string{jsii.String("GET /")},
	})
	hello.AddRoutes(jsii.String("GET /hello/{name}"))

	app.Synth(nil)
}
