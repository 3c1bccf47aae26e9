package io.modelroute.provider.openai;

import static io.modelroute.provider.openai.OpenAiRequests.provider;
import static io.modelroute.provider.openai.OpenAiRequests.request;
import static io.modelroute.provider.openai.OpenAiRequests.sse;
import static io.modelroute.provider.openai.OpenAiRequests.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.ErrorCode;
import io.modelroute.catalog.Category;
import io.modelroute.catalog.Usage;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderOutcome.Completed;
import io.modelroute.provider.ProviderRequest;
import io.modelroute.provider.openai.OpenAiRequests.RecordingListener;
import java.net.URI;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiChatTest {
  static final String HEAD =
      "{\"id\":\"chatcmpl-9x\",\"object\":\"chat.completion.chunk\",\"created\":1718000000,"
          + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_44709d6fcb\",";

  final MockWebServer server = new MockWebServer();
  OpenAiProvider provider;

  @BeforeEach
  void start() throws Exception {
    server.start();
    provider = provider(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static String delta(String content) {
    return "data: "
        + HEAD
        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":"
        + quote(content)
        + "},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n";
  }

  static String role() {
    return "data: "
        + HEAD
        + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\","
        + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n";
  }

  static String finish(String reason) {
    return "data: "
        + HEAD
        + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\""
        + reason
        + "\"}],\"usage\":null}\n\n";
  }

  static String usage(int prompt, int completion) {
    return "data: "
        + HEAD
        + "\"choices\":[],\"usage\":{\"prompt_tokens\":"
        + prompt
        + ",\"completion_tokens\":"
        + completion
        + ",\"total_tokens\":"
        + (prompt + completion)
        + ",\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0}}}\n\n";
  }

  static final String DONE = "data: [DONE]\n\n";

  private static String quote(String s) {
    return io.modelroute.Json.write(s);
  }

  private Completed run(ProviderRequest request) {
    return (Completed) provider.start(request);
  }

  @Test
  void streamedCompletionPassesEachDeltaOnAndReturnsTextAndReportedUsage() throws Exception {
    server.enqueue(
        sse(
            role()
                + delta("Light")
                + delta("houses guide")
                + delta(" ships")
                + delta(" home.")
                + finish("stop")
                + usage(19, 6)
                + DONE));
    RecordingListener listener = new RecordingListener();

    Completed result =
        run(
            request(
                Category.TEXT,
                "gpt-4o-mini",
                "{\"prompt\":\"What do lighthouses do?\",\"max_tokens\":64,\"temperature\":0.2}",
                "{}",
                listener));

    assertThat(listener.deltas).containsExactly("Light", "houses guide", " ships", " home.");
    assertThat(result.text()).isEqualTo("Lighthouses guide ships home.");
    assertThat(result.usage()).isEqualTo(Usage.tokens(19, 6));
    assertThat(result.media()).isEmpty();

    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + OpenAiRequests.KEY);
    assertThat(sent.getHeaders().get("Accept")).isEqualTo("text/event-stream");
    assertThat(sent.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(tree(sent.getBody().utf8()))
        .isEqualTo(
            tree(
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"What do lighthouses do?\"}],"
                    + "\"max_tokens\":64,\"temperature\":0.2,\"stream\":true,\"stream_options\":{\"include_usage\":true}}"));
  }

  @Test
  void streamWithCommentsCrlfAndMultiLineDataIsReadLikeABrowserWould() {
    String body =
        ": OPENROUTER PROCESSING\r\n\r\n"
            + delta("one").replace("\n\n", "\r\n\r\n")
            + "data: "
            + HEAD
            + "\"choices\":[{\"index\":0,\n".replace("\n", "\ndata: ")
            + "\"delta\":{\"content\":\" two\"},\"finish_reason\":null}]}\n\n"
            + finish("stop")
            + usage(3, 2)
            + DONE;
    server.enqueue(sse(body));
    RecordingListener listener = new RecordingListener();

    Completed result = run(request(Category.TEXT, "m", "{\"prompt\":\"count\"}", "{}", listener));

    assertThat(listener.deltas).containsExactly("one", " two");
    assertThat(result.text()).isEqualTo("one two");
  }

  @Test
  void serverWithoutUsageIsBilledOnAnEstimateOfFourCharactersPerToken() {
    server.enqueue(sse(role() + delta("abcdefghi") + finish("stop") + DONE));

    Completed result =
        run(request(Category.TEXT, "llama-3", "{\"prompt\":\"12345\",\"system\":\"abc\"}", "{}"));

    // 8 characters sent → 2 tokens; 9 received → 3 tokens
    assertThat(result.usage()).isEqualTo(Usage.tokens(2, 3));
  }

  @Test
  void streamThatEndsWithAFinishReasonButNoDoneMarkerStillCompletes() {
    server.enqueue(sse(delta("fine") + finish("length") + usage(1, 1)));

    assertThat(run(request(Category.TEXT, "m", "{\"prompt\":\"p\"}", "{}")).text())
        .isEqualTo("fine");
  }

  @Test
  void streamCutOffBeforeTheEndFailsAsRetryableGenerationFailure() {
    server.enqueue(sse(role() + delta("half a sen")));

    assertThatThrownBy(
            () -> provider.start(request(Category.TEXT, "m", "{\"prompt\":\"p\"}", "{}")))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED));
  }

  @Test
  void nonStreamingRouteReadsOneJsonCompletion() throws Exception {
    server.enqueue(
        OpenAiRequests.json(
            200,
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1718000000,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Paris.\",\"refusal\":null},"
                + "\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":14,\"completion_tokens\":2,\"total_tokens\":16}}"));
    RecordingListener listener = new RecordingListener();

    Completed result =
        run(
            request(
                Category.TEXT,
                "gpt-4o-mini",
                "{\"prompt\":\"Capital of France?\"}",
                "{\"stream\":false}",
                listener));

    assertThat(result.text()).isEqualTo("Paris.");
    assertThat(result.usage()).isEqualTo(Usage.tokens(14, 2));
    assertThat(listener.deltas).containsExactly("Paris.");
    RecordedRequest sent = server.takeRequest();
    JsonNode body = tree(sent.getBody().utf8());
    assertThat(body.get("stream").booleanValue()).isFalse();
    assertThat(body.has("stream_options")).isFalse();
    assertThat(sent.getHeaders().get("Accept")).isEqualTo("application/json");
  }

  @Test
  void serverThatIgnoresStreamAndAnswersJsonIsStillUnderstood() {
    server.enqueue(
        OpenAiRequests.json(
            200,
            "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}"));

    Completed result = run(request(Category.TEXT, "m", "{\"prompt\":\"hello\"}", "{}"));

    assertThat(result.text()).isEqualTo("ok");
    assertThat(result.usage()).isEqualTo(Usage.tokens(2, 1));
  }

  @Test
  void systemAndChatMessagesPrecedeThePromptAsTheLastUserTurn() throws Exception {
    server.enqueue(sse(delta("x") + finish("stop") + DONE));

    run(
        request(
            Category.TEXT,
            "m",
            "{\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"Hello!\"}],\"prompt\":\"Weather?\"}",
            "{}"));

    JsonNode messages = tree(server.takeRequest().getBody().utf8()).get("messages");
    assertThat(messages)
        .isEqualTo(
            tree(
                "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"},"
                    + "{\"role\":\"assistant\",\"content\":\"Hello!\"},{\"role\":\"user\",\"content\":\"Weather?\"}]"));
  }

  @Test
  void routeTemplateMapsCanonicalInputAndNamesTheMaxTokensField() throws Exception {
    server.enqueue(sse(delta("x") + finish("stop") + usage(5, 1) + DONE));
    String params =
        "{\"max_tokens_field\":\"max_completion_tokens\",\"stream_usage\":false,"
            + "\"input\":{\"prompt\":\"$text\",\"system\":\"You are terse.\",\"max_tokens\":\"$length\","
            + "\"reasoning_effort\":\"low\",\"top_k\":\"$missing\"}}";

    run(
        request(
            Category.TEXT,
            "o4-mini",
            "{\"text\":\"Why is the sky blue?\",\"length\":200,\"mood\":\"calm\"}",
            params));

    assertThat(tree(server.takeRequest().getBody().utf8()))
        .isEqualTo(
            tree(
                "{\"model\":\"o4-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"You are terse.\"},"
                    + "{\"role\":\"user\",\"content\":\"Why is the sky blue?\"}],\"max_completion_tokens\":200,"
                    + "\"reasoning_effort\":\"low\",\"stream\":true}"));
  }

  @Test
  void withoutATemplateOnlyKnownChatParametersArePassedOn() throws Exception {
    server.enqueue(sse(delta("x") + finish("stop") + DONE));

    run(
        request(
            Category.TEXT,
            "m",
            "{\"prompt\":\"p\",\"seed\":7,\"top_p\":0.9,\"negative_prompt\":\"no\",\"n\":3}",
            "{}"));

    JsonNode body = tree(server.takeRequest().getBody().utf8());
    assertThat(body.get("seed").intValue()).isEqualTo(7);
    assertThat(body.get("top_p").doubleValue()).isEqualTo(0.9);
    assertThat(body.has("negative_prompt")).isFalse();
    assertThat(body.has("n")).isFalse();
  }

  @Test
  void inputWithNeitherPromptNorMessagesIsAnInputValidationError() {
    assertThatThrownBy(
            () -> provider.start(request(Category.TEXT, "m", "{\"temperature\":1}", "{}")))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INPUT_VALIDATION_ERROR));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void contentFilterFinishIsAModerationRejection() {
    server.enqueue(sse(delta("Sure, here") + finish("content_filter") + DONE));

    assertThatThrownBy(
            () -> provider.start(request(Category.TEXT, "m", "{\"prompt\":\"p\"}", "{}")))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_MODERATION_REJECTED));
  }

  @Test
  void aRefusalWithoutContentIsAModerationRejection() {
    server.enqueue(
        sse(
            "data: "
                + HEAD
                + "\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\"I can't help with that.\"},"
                + "\"finish_reason\":null}]}\n\n"
                + finish("stop")
                + DONE));

    assertThatThrownBy(
            () -> provider.start(request(Category.TEXT, "m", "{\"prompt\":\"p\"}", "{}")))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_MODERATION_REJECTED);
              assertThat(e.getMessage()).contains("I can't help with that.");
            });
  }

  @Test
  void serverWithoutAuthenticationGetsNoAuthorizationHeaderAndOrganizationIsSent()
      throws Exception {
    server.enqueue(sse(delta("x") + finish("stop") + DONE));
    server.enqueue(sse(delta("x") + finish("stop") + DONE));
    URI base = URI.create(server.url("/v1/").toString());
    OpenAiProvider local =
        new OpenAiProvider(new OpenAiConfig("vllm-local", base, " ", null, null, null, null));
    OpenAiProvider org =
        new OpenAiProvider(new OpenAiConfig(null, base, "k", "org-42", null, null, null));

    local.start(request(Category.TEXT, "m", "{\"prompt\":\"p\"}", "{}"));
    org.start(request(Category.TEXT, "m", "{\"prompt\":\"p\"}", "{}"));

    RecordedRequest first = server.takeRequest();
    assertThat(local.name()).isEqualTo("vllm-local");
    assertThat(first.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(first.getHeaders().get("Authorization")).isNull();
    RecordedRequest second = server.takeRequest();
    assertThat(second.getHeaders().get("Authorization")).isEqualTo("Bearer k");
    assertThat(second.getHeaders().get("OpenAI-Organization")).isEqualTo("org-42");
  }

  @Test
  void startAlwaysCompletesSoPollIsAnInternalErrorAndCancelDoesNothing() {
    ProviderRequest request = request(Category.TEXT, "m", "{\"prompt\":\"p\"}", "{}");

    assertThatThrownBy(() -> provider.poll(request, "anything"))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR));
    provider.cancel(request, "anything");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void audioAndVideoModelsAndRoutesWithoutAProviderModelAreCatalogMistakes() {
    for (ProviderRequest request :
        new ProviderRequest[] {
          request(Category.AUDIO, "tts-1", "{\"prompt\":\"p\"}", "{}"),
          request(Category.VIDEO, "sora", "{\"prompt\":\"p\"}", "{}"),
          request(Category.TEXT, "", "{\"prompt\":\"p\"}", "{}"),
          request(Category.TEXT, "m", "{\"prompt\":\"p\"}", "{\"stream\":\"yes\"}"),
          request(Category.TEXT, "m", "{\"prompt\":\"p\"}", "{\"input\":\"$prompt\"}")
        }) {
      assertThatThrownBy(() -> provider.start(request))
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR));
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void nameDefaultsToOpenai() {
    assertThat(provider.name()).isEqualTo("openai");
  }
}
