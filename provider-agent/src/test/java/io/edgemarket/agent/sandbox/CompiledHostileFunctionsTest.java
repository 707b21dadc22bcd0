package io.edgemarket.agent.sandbox;

/** The hostile functions again, compiled: the same errors, the same healthy sandbox after. */
class CompiledHostileFunctionsTest extends HostileFunctionsTest {

  @Override
  Tiering tiering() {
    return new Tiering(0, 0);
  }

  @Override
  LoadedModule prepare(LoadedModule module) {
    return Samples.compile(module);
  }
}
