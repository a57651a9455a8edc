// A stack whose function is the Go handler in examples/go/handler, on Graviton (arm64) with the
// provided.al2023 runtime. Build the handler first, then synthesize, from examples/go:
//
//	CGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build -tags lambda.norpc -o handler/dist/bootstrap ./handler
//	go run ./gohandler
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"
	"github.com/graviton-http-lambda-api/cdk-graviton-http-lambda-api-go/gravitonhttplambdaapi"
)

func main() {
	defer jsii.Close()

	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("GravitonGoApp"), nil)

	hello := gravitonhttplambdaapi.NewGravitonHttpLambdaApi(stack, jsii.String("Hello"), &gravitonhttplambdaapi.GravitonHttpLambdaApiProps{
		Code:         awslambda.Code_FromAsset(jsii.String("handler/dist"), nil),
		Handler:      jsii.String("bootstrap"),
		Runtime:      awslambda.Runtime_PROVIDED_AL2023(),
		Architecture: awslambda.Architecture_ARM_64(),
		RouteKeys:    &[]*string{jsii.String("GET /")},
	})
	hello.AddRoutes(jsii.String("GET /hello/{name}"))

	app.Synth(nil)
}
