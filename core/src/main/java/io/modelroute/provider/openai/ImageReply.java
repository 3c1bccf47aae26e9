package io.modelroute.provider.openai;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.modelroute.ErrorCode;
import io.modelroute.Json;
import io.modelroute.provider.ProviderException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an images response ({@code {"data": [{"b64_json": "…"} | {"url": "…"}], "size",
 * "output_format"}}) with a streaming parser: {@code data[0].b64_json} is decoded straight from the
 * socket into one byte buffer, so neither the base64 text nor a second copy of the image is ever
 * held; further {@code data} entries are skipped undecoded. An {@code error} object fails the call
 * as classified by {@link OpenAiErrors#inBody}.
 *
 * @param image the decoded image, or {@code null} when the server sent a URL
 * @param url {@code data[0].url}, or {@code null}
 * @param size the top-level {@code size} (e.g. {@code 1024x1024}) some servers report, or {@code
 *     null}
 * @param outputFormat the top-level {@code output_format}, or {@code null}
 */
record ImageReply(ImageBytes image, String url, String size, String outputFormat) {
  /** Largest image accepted, decoded; protects the heap from a runaway server. */
  static final int MAX_IMAGE_BYTES = 64 * 1024 * 1024;

  private static final Base64Variant BASE64 =
      Base64Variants.MIME_NO_LINEFEEDS.withReadPadding(
          Base64Variant.PaddingReadBehaviour.PADDING_ALLOWED);

  /** Reads one value in the middle of a document; the shared mapper refuses trailing tokens. */
  private static final ObjectReader EMBEDDED =
      Json.mapper().reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  static ImageReply read(InputStream body) throws IOException {
    ImageBytes image = null;
    String url = null;
    String size = null;
    String outputFormat = null;
    try (JsonParser p = Json.mapper().getFactory().createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw noImage();
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "data" -> {
            if (value != JsonToken.START_ARRAY) {
              p.skipChildren();
              continue;
            }
            int index = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
              if (index++ == 0 && p.currentToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                  String name = p.currentName();
                  JsonToken v = p.nextToken();
                  if (name.equals("b64_json") && v == JsonToken.VALUE_STRING) {
                    image = new ImageBytes();
                    p.readBinaryValue(BASE64, image);
                  } else if (name.equals("url") && v == JsonToken.VALUE_STRING) {
                    url = p.getText();
                  } else {
                    p.skipChildren();
                  }
                }
              } else {
                p.skipChildren();
              }
            }
          }
          case "error" -> {
            JsonNode error = EMBEDDED.readTree(p);
            if (error != null && !error.isNull()) {
              throw OpenAiErrors.inBody(
                  OpenAiErrors.ErrorBody.of(Json.mapper().createObjectNode().set("error", error)));
            }
          }
          case "size" -> size = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "output_format" ->
              outputFormat = value == JsonToken.VALUE_STRING ? p.getText() : null;
          default -> p.skipChildren();
        }
      }
    }
    if (image == null && url == null) {
      throw noImage();
    }
    return new ImageReply(image, url, size, outputFormat);
  }

  private static ProviderException noImage() {
    return new ProviderException(ErrorCode.GENERATION_FAILED, "Provider answered without an image");
  }

  /** The decoded bytes, readable without copying; bounded by {@link #MAX_IMAGE_BYTES}. */
  static final class ImageBytes extends ByteArrayOutputStream {
    ImageBytes() {
      super(64 * 1024);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      ensureRoom(len);
      super.write(b, off, len);
    }

    @Override
    public synchronized void write(int b) {
      ensureRoom(1);
      super.write(b);
    }

    private void ensureRoom(int len) {
      if ((long) count + len > MAX_IMAGE_BYTES) {
        throw new ProviderException(
            ErrorCode.GENERATION_FAILED, "Provider's image exceeds " + MAX_IMAGE_BYTES + " bytes");
      }
    }

    /** Recognises the format from the first bytes. */
    synchronized ImageFormat format() {
      return ImageFormat.sniff(buf, count);
    }

    /** A stream over the bytes, sharing the buffer. */
    synchronized InputStream open() {
      return new ByteArrayInputStream(buf, 0, count);
    }
  }
}
