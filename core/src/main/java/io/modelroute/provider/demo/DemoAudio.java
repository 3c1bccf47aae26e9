package io.modelroute.provider.demo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Makes the demo "generated audio": a WAV file (16-bit PCM, mono, 22,050 Hz) playing a melody whose
 * notes spell out the prompt's letters on a pentatonic scale, over a soft drone; key, tempo and
 * rhythm come from a hash of prompt and seed. Stateless, thread-safe.
 */
final class DemoAudio {
  static final float SAMPLE_RATE = 22_050f;
  static final InputFields.Range SECONDS = new InputFields.Range(5, 1, 60);

  private static final int[][] SCALES = {{0, 2, 4, 7, 9}, {0, 3, 5, 7, 10}};
  private static final double[] BEATS = {0.5, 1, 1, 1, 1.5, 2};
  private static final double PEAK = 0.8 * Short.MAX_VALUE;
  private static final double TAU = 2 * Math.PI;

  private DemoAudio() {}

  /** What is actually rendered for requested seconds: rounded to milliseconds. */
  static BigDecimal duration(BigDecimal requested) {
    BigDecimal millis = requested.setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
    return millis.scale() < 0 ? millis.setScale(0) : millis;
  }

  /** The number of sample frames {@code seconds} of audio hold. */
  static long frameCount(BigDecimal seconds) {
    return seconds
        .multiply(BigDecimal.valueOf((long) SAMPLE_RATE))
        .setScale(0, RoundingMode.HALF_UP)
        .longValueExact();
  }

  /** The clip as WAV bytes; {@code seconds} as returned by {@link #duration}. */
  static byte[] wav(String prompt, long seed, BigDecimal seconds) {
    int frames = Math.toIntExact(frameCount(seconds));
    byte[] pcm = new byte[frames * 2];
    render(prompt, seed, frames, pcm);
    AudioFormat format = new AudioFormat(SAMPLE_RATE, 16, 1, true, false);
    ByteArrayOutputStream out = new ByteArrayOutputStream(pcm.length + 64);
    try (AudioInputStream in =
        new AudioInputStream(new ByteArrayInputStream(pcm), format, frames)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode WAV", e);
    }
    return out.toByteArray();
  }

  private static void render(String prompt, long seed, int frames, byte[] pcm) {
    DemoRandom rnd = DemoRandom.of("audio", prompt, Long.toString(seed));
    int[] scale = SCALES[rnd.nextInt(SCALES.length)];
    double root = 220 * Math.pow(2, (rnd.nextInt(12) - 5) / 12.0);
    double beat = 60.0 / (90 + rnd.nextInt(50));
    // each note's pitch is the next letter or digit of the prompt, folded onto two octaves
    int[] letters =
        prompt.toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetterOrDigit).toArray();
    double attack = 0.01 * SAMPLE_RATE;
    double release = 0.05 * SAMPLE_RATE;

    int noteStart = 0;
    int noteIndex = 0;
    while (noteStart < frames) {
      int noteLength = (int) Math.max(1, BEATS[rnd.nextInt(BEATS.length)] * beat * SAMPLE_RATE);
      int degree = letters.length == 0 ? rnd.nextInt(10) : letters[noteIndex % letters.length] % 10;
      double freq = root * Math.pow(2, (scale[degree % 5] + 12 * (degree / 5)) / 12.0);
      boolean rest = rnd.nextInt(8) == 0;
      int end = Math.min(frames, noteStart + noteLength);
      for (int i = noteStart; i < end; i++) {
        double time = i / SAMPLE_RATE;
        int n = i - noteStart;
        double envelope =
            Math.min(1, n / attack)
                * Math.min(1, (noteLength - n) / release)
                * (1 - 0.3 * n / noteLength);
        double tone =
            rest
                ? 0
                : envelope
                    * (Math.sin(TAU * freq * time)
                        + 0.3 * Math.sin(2 * TAU * freq * time)
                        + 0.1 * Math.sin(3 * TAU * freq * time))
                    / 1.4;
        double drone =
            0.25 * Math.sin(TAU * root / 2 * time) * (0.8 + 0.2 * Math.sin(TAU * 0.25 * time));
        // fade the whole clip in and out so it starts and ends in silence
        double fade = Math.min(1, Math.min(i, frames - 1 - i) / (0.02 * SAMPLE_RATE));
        int sample = (int) Math.round(PEAK * fade * (0.7 * tone + drone) / 0.95);
        pcm[2 * i] = (byte) sample;
        pcm[2 * i + 1] = (byte) (sample >> 8);
      }
      noteStart = end;
      noteIndex++;
    }
  }
}
