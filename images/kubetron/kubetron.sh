#!/bin/sh
# `kubetron` in the image: the jlink runtime runs the fat jar, as ./kubetron does in a checkout. The JVM reads
# JAVA_TOOL_OPTIONS (heap sizing, set by the manifests) itself. Native access: the node agent's netty epoll transport
# loads a native library (the jar's manifest allows it too).
exec /opt/kubetron/java/bin/java --enable-native-access=ALL-UNNAMED -jar /opt/kubetron/kubetron.jar "$@"
