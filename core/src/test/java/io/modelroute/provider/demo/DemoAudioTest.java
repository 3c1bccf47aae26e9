package io.modelroute.provider.demo;

import static io.modelroute.provider.demo.DemoRequests.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.catalog.Category;
import io.modelroute.provider.OutputMedia;
import io.modelroute.provider.ProviderOutcome.Completed;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.junit.jupiter.api.Test;

class DemoAudioTest {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private final DemoProvider provider = new DemoProvider();

  private Completed run(String input) {
    return (Completed) provider.start(DemoRequests.of(Category.AUDIO).input(input).build());
  }

  private static AudioInputStream parse(byte[] wav)
      throws IOException, UnsupportedAudioFileException {
    return AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav));
  }

  @Test
  void wavParsesAsMono16Bit22050HzWithTheRequestedFrameCount() throws Exception {
    Completed result = run("{\"prompt\":\"a happy tune\",\"duration\":3}");

    OutputMedia media = result.media().get(0);
    assertThat(media.contentType()).isEqualTo("audio/wav");
    assertThat(media.format()).isEqualTo("wav");
    assertThat(media.width()).isNull();
    assertThat(media.height()).isNull();
    assertThat(media.durationSeconds()).isEqualByComparingTo("3");
    assertThat(result.usage().mediaSeconds()).isEqualByComparingTo("3");
    byte[] wav = bytes(media);
    assertThat(AudioSystem.getAudioFileFormat(new ByteArrayInputStream(wav)).getType())
        .isEqualTo(AudioFileFormat.Type.WAVE);
    try (AudioInputStream audio = parse(wav)) {
      AudioFormat format = audio.getFormat();
      assertThat(format.getEncoding()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
      assertThat(format.getSampleRate()).isEqualTo(22050f);
      assertThat(format.getSampleSizeInBits()).isEqualTo(16);
      assertThat(format.getChannels()).isEqualTo(1);
      assertThat(audio.getFrameLength()).isEqualTo(3 * 22050);
      assertThat(audio.getFrameLength() / format.getFrameRate()).isEqualTo(3f);
    }
  }

  @Test
  void durationDefaultsToFiveSecondsAndIsClampedTo1Through60() throws Exception {
    try (AudioInputStream standard = parse(bytes(run("{\"prompt\":\"x\"}").media().get(0)));
        AudioInputStream shortest =
            parse(bytes(run("{\"prompt\":\"x\",\"duration\":0}").media().get(0)));
        AudioInputStream longest =
            parse(bytes(run("{\"prompt\":\"x\",\"duration\":3600}").media().get(0)))) {
      assertThat(standard.getFrameLength()).isEqualTo(5 * 22050);
      assertThat(shortest.getFrameLength()).isEqualTo(22050);
      assertThat(longest.getFrameLength()).isEqualTo(60 * 22050);
    }
    assertThat(run("{\"prompt\":\"x\",\"duration\":3600}").usage().mediaSeconds())
        .isEqualByComparingTo("60");
  }

  @Test
  void fractionalDurationIsKeptToTheMillisecond() throws Exception {
    Completed result = run("{\"prompt\":\"x\",\"duration\":1.2345}");

    assertThat(result.usage().mediaSeconds()).isEqualByComparingTo("1.235");
    try (AudioInputStream audio = parse(bytes(result.media().get(0)))) {
      assertThat(audio.getFrameLength()).isEqualTo(Math.round(1.235 * 22050));
    }
  }

  @Test
  void audioIsAudibleWithoutClipping() throws Exception {
    byte[] pcm;
    try (AudioInputStream audio =
        parse(bytes(run("{\"prompt\":\"loud and clear\",\"duration\":2}").media().get(0)))) {
      pcm = audio.readAllBytes();
    }
    ByteBuffer samples = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
    int peak = 0;
    while (samples.remaining() >= 2) {
      peak = Math.max(peak, Math.abs(samples.getShort()));
    }
    assertThat(peak).isBetween(5_000, 32_000);
  }

  @Test
  void samePromptGivesIdenticalBytesAndDifferentPromptsDiffer() {
    byte[] rain = bytes(run("{\"prompt\":\"rain\",\"duration\":1}").media().get(0));

    assertThat(bytes(run("{\"prompt\":\"rain\",\"duration\":1}").media().get(0))).isEqualTo(rain);
    assertThat(bytes(run("{\"prompt\":\"snow\",\"duration\":1}").media().get(0)))
        .isNotEqualTo(rain);
  }
}
