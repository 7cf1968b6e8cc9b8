// The Communicator over MPI's C API: the only file that includes mpi.h (built with
// -DTOLMACH_MPI=ON). Collectives run on MPI_COMM_WORLD; MPI's default error handler aborts
// the whole job on a communication failure (a killed rank), which is what training wants:
// the last complete checkpoint is on disk and the job ends, no rank waits forever.
#include <mpi.h>

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <string>

#include "tensor/dtype.h"
#include "train/distributed.h"

namespace tolmach {
namespace {

// MPI user op: inout[i] = in[i] + inout[i] on bfloat16 values.
extern "C" void sum_bf16(void* in, void* inout, int* len, MPI_Datatype*) {
  const bf16* a = static_cast<const bf16*>(in);
  bf16* b = static_cast<bf16*>(inout);
  for (int i = 0; i < *len; ++i) b[i] = bf16(float(a[i]) + float(b[i]));
}

void check(int rc, const char* what) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int n = 0;
  MPI_Error_string(rc, text, &n);
  throw std::runtime_error(std::string(what) + " failed: " + std::string(text, n));
}

// MPI counts are int: large buffers go in pieces.
constexpr size_t kMaxCount = size_t{1} << 30;

class MpiCommunicator final : public Communicator {
 public:
  MpiCommunicator() {
    int provided = 0;
    // OpenMP threads compute; only the main thread calls MPI.
    check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    MPI_Op_create(&sum_bf16, 1, &bf16_sum_);
  }
  ~MpiCommunicator() override {
    // Leaving by an exception: no MPI_Finalize (it would wait for ranks that are still
    // training); the process exits non-zero and mpirun ends the others.
    if (std::uncaught_exceptions() > 0) return;
    MPI_Op_free(&bf16_sum_);
    MPI_Finalize();
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void allreduce_sum(float* data, size_t n) override { reduce(data, n, MPI_FLOAT, MPI_SUM, 4); }
  void allreduce_sum(double* data, size_t n) override { reduce(data, n, MPI_DOUBLE, MPI_SUM, 8); }
  void allreduce_sum_bf16(uint16_t* data, size_t n) override { reduce(data, n, MPI_UINT16_T, bf16_sum_, 2); }
  void broadcast(void* data, size_t bytes, int root) override {
    char* p = static_cast<char*>(data);
    for (size_t done = 0; done < bytes;) {
      const size_t k = std::min(kMaxCount, bytes - done);
      check(MPI_Bcast(p + done, static_cast<int>(k), MPI_BYTE, root, MPI_COMM_WORLD), "MPI_Bcast");
      done += k;
    }
  }
  void barrier() override { check(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier"); }
  std::string describe() const override {
    char text[MPI_MAX_LIBRARY_VERSION_STRING];
    int n = 0;
    MPI_Get_library_version(text, &n);
    std::string s(text, n);
    const size_t end = s.find_first_of(",\n");  // "Open MPI v4.1.4, package: ..."
    return end == std::string::npos ? s : s.substr(0, end);
  }

 private:
  void reduce(void* data, size_t n, MPI_Datatype type, MPI_Op op, size_t elem) {
    char* p = static_cast<char*>(data);
    for (size_t done = 0; done < n;) {
      const size_t k = std::min(kMaxCount, n - done);
      check(MPI_Allreduce(MPI_IN_PLACE, p + done * elem, static_cast<int>(k), type, op, MPI_COMM_WORLD),
            "MPI_Allreduce");
      done += k;
    }
  }
  int rank_ = 0, size_ = 1;
  MPI_Op bf16_sum_ = MPI_OP_NULL;
};

}  // namespace

std::unique_ptr<Communicator> make_mpi_communicator() { return std::make_unique<MpiCommunicator>(); }

}  // namespace tolmach
