package com.example;

import io.github.gravitonhttplambdaapi.GravitonHttpLambdaApi;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Runtime;

/**
 * The same construct with a handler written in Java: build the jar first
 * (`mvn -q -B -f handler/pom.xml package`), then synthesize
 * (`mvn -q -B compile exec:java -Dexec.mainClass=com.example.GravitonJavaHandlerApp`).
 */
public final class GravitonJavaHandlerApp {
    public static void main(final String[] args) {
        App app = new App();
        Stack stack = new Stack(app, "GravitonJavaHandlerApp");

        GravitonHttpLambdaApi.Builder.create(stack, "Hello")
            .code(Code.fromAsset("handler/target/graviton-hello-handler.jar"))
            .handler("com.example.handler.HelloHandler::handleRequest")
            .runtime(Runtime.JAVA_21)
            .architecture(Architecture.ARM_64)
            .memorySize(512)
            .routeKeys(List.of("GET /hello/{name}"))
            .build();

        app.synth();
    }
}
