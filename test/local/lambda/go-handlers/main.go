// The shared runtime suite's handlers (test/local/lambda/runtime-families.ts) as one Go program on
// aws-lambda-go: the function's Handler setting (_HANDLER) names which one runs, as a custom
// runtime's bootstrap may read it. Built by build.sh.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

type event struct {
	Name  string  `json:"name"`
	Fail  bool    `json:"fail"`
	Sleep float64 `json:"sleep"`
	Exit  bool    `json:"exit"`
}

// Module state, as the counter handler keeps it across warm invocations.
var count int

var handlers = map[string]any{
	"greeting": func(e event) (map[string]any, error) {
		body, _ := json.Marshal("Hello " + e.Name)
		return map[string]any{"statusCode": 200, "body": string(body)}, nil
	},
	"context": func(ctx context.Context) (map[string]any, error) {
		lc, _ := lambdacontext.FromContext(ctx)
		deadline, _ := ctx.Deadline()
		env := map[string]string{}
		for _, pair := range os.Environ() {
			name, value, _ := strings.Cut(pair, "=")
			env[name] = value
		}
		cwd, _ := os.Getwd()
		return map[string]any{
			"functionName":       lambdacontext.FunctionName,
			"functionVersion":    lambdacontext.FunctionVersion,
			"invokedFunctionArn": lc.InvokedFunctionArn,
			// A string, as the Python and Node.js contexts give it.
			"memoryLimitInMB":     strconv.Itoa(lambdacontext.MemoryLimitInMB),
			"awsRequestId":        lc.AwsRequestID,
			"logGroupName":        lambdacontext.LogGroupName,
			"logStreamName":       lambdacontext.LogStreamName,
			"remaining":           time.Until(deadline).Milliseconds(),
			"clientContextCustom": lc.ClientContext.Custom,
			"env":                 env,
			"cwd":                 cwd,
		}, nil
	},
	"throws": func(e event) (string, error) {
		if e.Fail {
			return "", errors.New("bad input")
		}
		return "fine", nil
	},
	"counter": func() (map[string]int, error) {
		count++
		return map[string]int{"count": count, "pid": os.Getpid()}, nil
	},
	"printer": func() {
		fmt.Println("hello from provided.al2023")
	},
	"nothing": func() {},
	"proxy": func() (string, error) {
		return os.Getenv("HTTP_PROXY"), nil
	},
	"sleeper": func(e event) (map[string]int, error) {
		time.Sleep(time.Duration(e.Sleep * float64(time.Second)))
		return map[string]int{"pid": os.Getpid()}, nil
	},
	"exits": func(e event) (string, error) {
		if e.Exit {
			os.Exit(1)
		}
		return "alive", nil
	},
	"runtimeApi": func(ctx context.Context) (map[string]string, error) {
		lc, _ := lambdacontext.FromContext(ctx)
		return map[string]string{"api": os.Getenv("AWS_LAMBDA_RUNTIME_API"), "id": lc.AwsRequestID}, nil
	},
	"big": func() (string, error) {
		return strings.Repeat("x", 6*1024*1024+200), nil
	},
}

func main() {
	handler, ok := handlers[os.Getenv("_HANDLER")]
	if !ok {
		log.Fatalf("no handler named %q", os.Getenv("_HANDLER"))
	}
	lambda.Start(handler)
}
