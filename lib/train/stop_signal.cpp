#include "train/stop_signal.h"

#include <csignal>

namespace tolmach {
namespace {
volatile std::sig_atomic_t g_signal = 0;
// A second signal kills at once (the default action): saves are atomic, so that is safe.
extern "C" void on_stop_signal(int sig) {
  g_signal = sig;
  std::signal(sig, SIG_DFL);
}
}  // namespace

void install_stop_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool stop_requested() { return g_signal != 0; }
int stop_signal() { return g_signal; }
void request_stop(int sig) { g_signal = sig; }
void clear_stop_request() { g_signal = 0; }

}  // namespace tolmach
