/**
 * The built-in {@code demo} provider (docs/providers.md): real outputs made locally and
 * deterministically from the input — PNG images, animated GIF "video", WAV audio and streamed text
 * — with configurable latency and failure injection through route params, so the whole gateway
 * works offline. Only {@link io.modelroute.provider.demo.DemoProvider} is API; the renderers are
 * package-private, use only the JDK and never touch system fonts, so they run headless.
 */
package io.modelroute.provider.demo;
