package io.kubetron.ovsdb.wire;

import io.kubetron.ovsdb.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

/**
 * Splits the OVSDB byte stream into JSON-RPC messages. RFC 7047 has no framing: messages are JSON objects written
 * back to back (whitespace optional), so a streaming parser decides where one ends. Not thread-safe: one reader
 * thread owns it.
 */
public final class MessageReader implements AutoCloseable {
    private final ObjectReader reader;
    private final JsonParser parser;

    public MessageReader(ObjectMapper mapper, InputStream in) {
        // the trailing-token check would peek at (and block for) the next message before returning this one
        this.reader = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.parser = reader.createParser(in);
    }

    /**
     * The next message, or null when the peer closed the stream cleanly between two messages.
     *
     * @throws ProtocolException malformed JSON, a non-object message, or a stream that ends inside a message
     * @throws IOException the transport failed
     */
    public JsonNode next() throws IOException {
        try {
            JsonToken t = parser.nextToken();
            if (t == null) {
                return null;
            }
            if (t != JsonToken.START_OBJECT) {
                throw new ProtocolException("expected a JSON object as message, got " + describe(t), null);
            }
            JsonNode msg = reader.readTree(parser);
            if (msg == null || !msg.isObject()) {
                throw new ProtocolException("expected a JSON object as message", null);
            }
            return msg;
        } catch (JacksonIOException e) {
            throw e.getCause();
        } catch (UnexpectedEndOfInputException e) {
            throw new ProtocolException(
                    "the stream ended in the middle of a message (truncated JSON): " + e.getOriginalMessage(), e);
        } catch (JacksonException e) {
            throw new ProtocolException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            default -> t.name();
        };
    }

    @Override
    public void close() {
        parser.close();
    }
}
