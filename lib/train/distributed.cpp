#include "train/distributed.h"

#include <cstdlib>

#include "base/error.h"

namespace tolmach {

#if TOLMACH_MPI
std::unique_ptr<Communicator> make_mpi_communicator();  // mpi_communicator.cpp
#endif

#if !TOLMACH_MPI
namespace {

// The number of processes the launcher started, when it says (0: unknown).
long launcher_size() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"})
    if (const char* v = std::getenv(var)) return std::atol(v);
  return 0;
}

}  // namespace
#endif

bool launched_by_mpi() {
  // Open MPI's mpirun, MPICH / Slurm PMI, PMIx (srun --mpi=pmix, Open MPI 5).
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMI_RANK", "PMIX_RANK"})
    if (std::getenv(var)) return true;
  return false;
}

std::unique_ptr<Communicator> make_communicator() {
  if (!launched_by_mpi()) return std::make_unique<LocalCommunicator>();
#if TOLMACH_MPI
  return make_mpi_communicator();
#else
  if (launcher_size() > 1)
    throw UsageError("started by mpirun with " + std::to_string(launcher_size()) +
                     " processes, but this build has no MPI (configure with -DTOLMACH_MPI=ON "
                     "and libopenmpi-dev installed)");
  return std::make_unique<LocalCommunicator>();
#endif
}

}  // namespace tolmach
