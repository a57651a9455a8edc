// The Go handler of examples/go/gohandler: a Lambda custom runtime (provided.al2023) binary on
// aws-lambda-go, answering API Gateway's payload format 2.0. Build it for Graviton (arm64) into
// the `bootstrap` Lambda runs, from examples/go:
//
//	CGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build -tags lambda.norpc -o handler/dist/bootstrap ./handler
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handle(_ context.Context, request events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	name := request.PathParameters["name"]
	if name == "" {
		name = "Graviton"
	}
	return events.APIGatewayV2HTTPResponse{
		StatusCode: 200,
		Headers:    map[string]string{"Content-Type": "text/plain"},
		Body:       "Hello from Go on " + name + "!",
	}, nil
}

func main() {
	lambda.Start(handle)
}
