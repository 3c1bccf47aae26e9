package io.modelroute.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Creates command objects for picocli: a command with a {@code (CliEnvironment)} constructor gets
 * the environment of this run; anything else is created by picocli's default factory.
 */
final class CliFactory implements CommandLine.IFactory {
  private final CliEnvironment environment;
  private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

  CliFactory(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public <K> K create(Class<K> cls) throws Exception {
    Constructor<K> constructor;
    try {
      constructor = cls.getDeclaredConstructor(CliEnvironment.class);
    } catch (NoSuchMethodException e) {
      return fallback.create(cls);
    }
    constructor.setAccessible(true);
    return constructor.newInstance(environment);
  }
}
