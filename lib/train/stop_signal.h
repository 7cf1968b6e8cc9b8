#pragma once
// SIGINT / SIGTERM during training: the handler only sets a flag; the training loop checks
// it after each update, saves a checkpoint (and validates the weights it stopped with) and
// returns, so an interrupted run resumes.
// A second signal terminates at once.
namespace tolmach {

void install_stop_signal_handlers();
bool stop_requested();
int stop_signal();            // the signal received (0 = none)
void request_stop(int sig);   // what the handler does (tests call it directly)
void clear_stop_request();

}  // namespace tolmach
