// OpenBLAS's CBLAS interface (Debian's libopenblas-dev installs it as <cblas.h> through
// alternatives, with openblas_set_num_threads and openblas_get_corename declared too).
#include <cblas.h>
