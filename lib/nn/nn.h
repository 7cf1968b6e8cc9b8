#pragma once
// Layers (lib/nn): small classes that own their parameters as Vars and list them by name.
#include "nn/embedding.h"
#include "nn/init.h"
#include "nn/layer_norm.h"
#include "nn/linear.h"
#include "nn/lstm.h"
#include "nn/module.h"
