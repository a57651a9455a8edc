package com.example;

import io.github.gravitonhttplambdaapi.GravitonHttpLambdaApi;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.Code;

public final class GravitonHelloApp {
    public static void main(final String[] args) {
        App app = new App();
        Stack stack = new Stack(app, "GravitonHelloApp");

        GravitonHttpLambdaApi hello = GravitonHttpLambdaApi.Builder.create(stack, "Hello")
            .code(Code.fromInline(String.join("\n",
                "import json",
                "",
                "def lambda_handler(event, context):",
                "    return {\"statusCode\": 200, \"body\": json.dumps(\"Hello form Awstut !\")}")))
            .handler("index.lambda_handler")
            .routeKeys(List.of("GET /"))
            .build();
        hello.addRoutes("GET /hello/{name}");

        app.synth();
    }
}
