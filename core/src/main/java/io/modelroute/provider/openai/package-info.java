/**
 * The {@code openai} provider adapter: text and image models on any OpenAI-compatible server (chat
 * completions, streamed with token usage; image generations as base64). Only {@link
 * io.modelroute.provider.openai.OpenAiProvider} and its {@link
 * io.modelroute.provider.openai.OpenAiConfig} are API; request building, stream reading, image
 * sniffing and the error classification table are package-private.
 */
package io.modelroute.provider.openai;
