// A stand-in for Highway's timer probe, resolved before libhwy's own.
//
// FFmpeg's libavcodec loads libjxl, and libjxl loads libhwy (Highway). Highway 1.0's nanobenchmark
// measures the resolution of its cycle counter in a static initializer: some 65 000 timed reads of the
// counter, several milliseconds of every process that loads FFmpeg, spent before main() in an engine
// command that takes tens of milliseconds in all. Only the nanobenchmark reads the result, and nothing
// in this process benchmarks: libjxl imports Highway's allocator and target dispatch, not the
// nanobenchmark. The initializer calls the probe through libhwy's PLT, and the executable leads the
// global symbol scope, so this definition (exported by gateway/CMakeLists.txt) answers that call. Where
// no libhwy is loaded, or one without the probe, nothing refers to it.

#include <cstdint>

namespace hwy::platform {

/// Highway's smallest measurable tick difference; 1 tick, as the value nothing here reads.
uint64_t TimerResolution() { return 1; }

}  // namespace hwy::platform
