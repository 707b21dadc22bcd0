package io.edgemarket.agent.sandbox;

/**
 * Where the globals that {@link FuelInstrumenter} appends to a module are, from index {@code first}
 * on: remaining fuel, remaining call depth, remaining stack units (i64); the memory cap as the
 * first refused page count and the span of refused sizes up to the module's own maximum (i64); the
 * reason of an abort and a scratch value (i32). Appended, so that no existing global index shifts.
 */
record MeterGlobals(int first) {
  static final int COUNT = 7;

  int fuel() {
    return first;
  }

  int depth() {
    return first + 1;
  }

  int stack() {
    return first + 2;
  }

  int memoryFloor() {
    return first + 3;
  }

  int memorySpan() {
    return first + 4;
  }

  int abort() {
    return first + 5;
  }

  int scratch() {
    return first + 6;
  }
}
