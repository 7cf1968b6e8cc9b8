#pragma once
// The processes of a data-parallel training run and the few collectives the trainer needs.
// Everything that knows about MPI sits behind this interface (mpi_communicator.cpp, built
// with -DTOLMACH_MPI=ON); a single process uses LocalCommunicator, whose collectives do
// nothing. So the trainer has no #ifdefs: it always "all-reduces", over one rank or N.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace tolmach {

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // In place: every rank ends with the element-wise sum over all ranks (the same values on
  // every rank: parameters stay identical only if the reduction is).
  virtual void allreduce_sum(float* data, size_t n) = 0;
  virtual void allreduce_sum(double* data, size_t n) = 0;
  // bfloat16 values (the upper 16 bits of a float): summed in float, rounded to nearest even.
  virtual void allreduce_sum_bf16(uint16_t* data, size_t n) = 0;
  // `bytes` bytes at `data` on `root` are copied to every rank.
  virtual void broadcast(void* data, size_t bytes, int root) = 0;
  virtual void barrier() = 0;
  // For the log: "Open MPI v4.1.4" or "single process".
  virtual std::string describe() const = 0;
  bool is_root() const { return rank() == 0; }
};

// One process: rank 0 of 1; the collectives leave the data as it is.
class LocalCommunicator final : public Communicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  void allreduce_sum(float*, size_t) override {}
  void allreduce_sum(double*, size_t) override {}
  void allreduce_sum_bf16(uint16_t*, size_t) override {}
  void broadcast(void*, size_t, int) override {}
  void barrier() override {}
  std::string describe() const override { return "single process"; }
};

// MPI when this build has it and an MPI launcher (mpirun, srun --mpi) started the process;
// a LocalCommunicator otherwise (a plain run never initialises MPI). A build without MPI
// started by mpirun with more than one process throws UsageError: N independent copies
// would all write the same model directory.
std::unique_ptr<Communicator> make_communicator();

// True when the environment says an MPI launcher started this process.
bool launched_by_mpi();

}  // namespace tolmach
