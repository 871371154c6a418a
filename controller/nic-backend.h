/*
 * Copyright (c) 2026 The ovs-offload authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at:
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

#ifndef NIC_BACKEND_H
#define NIC_BACKEND_H 1

/* The real kernel behind the NIC phase (controller/nic-phase.h): SR-IOV
 * through sysfs, eswitch mode and representors through devlink,
 * hw-tc-offload through ethtool, Linux bonds through rtnetlink, and the
 * VF-LAG verdict from the enslave warnings and mlx5's lag debugfs.
 *
 * PCI PFs go through devlink/sriov.h.  A PF on another bus that has SR-IOV
 * attributes in its device directory (netdevsim, in the VM test tier) gets
 * numvfs and representors the same way and simply has no VF devices to
 * bind. */

#include <stdbool.h>

struct nic_backend;

struct nic_kernel;

/* Creates the kernel backend.  'owner' tags the bonds it creates.  The
 * caller frees it with nic_kernel_destroy(). */
struct nic_kernel *nic_kernel_create(const char *owner);
void nic_kernel_destroy(struct nic_kernel *);

/* The vtable to pass, with the nic_kernel as 'aux', to nic_phase_run(). */
extern const struct nic_backend nic_kernel_backend;

#endif /* nic-backend.h */
