#!/bin/bash
# Run a sweep's sweep.slurm through a real Slurm: a controller and a node
# daemon on this machine (127.0.0.1, ports of their own, no
# authentication), started for this one job array and stopped after it.
#   bash tests/sweep-slurm.sh SWEEPDIR
# Exit status: 0 the array ran (each task's status is the job's concern:
# sweep collect tells), 77 Slurm could not be started here (not root, not
# installed, the daemons did not come up), anything else a failure.
set -u
dir=$1
command -v sbatch >/dev/null 2>&1 && command -v slurmctld >/dev/null 2>&1 &&
	command -v slurmd >/dev/null 2>&1 || { echo "slurm is not installed" >&2; exit 77; }
[ "$(id -u)" = 0 ] || { echo "slurm's daemons need root here" >&2; exit 77; }
tmp=$(mktemp -d /tmp/numasim-slurm-XXXXXX) || exit 1
port=$((20000 + ($$ % 10000) * 2))
mkdir "$tmp/state" "$tmp/spool"
cat > "$tmp/slurm.conf" <<CONF
ClusterName=numasimtest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/none
CredType=cred/none
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/pgid
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SchedulerType=sched/builtin
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=10 State=UP
CONF
export SLURM_CONF=$tmp/slurm.conf

stop() {
	for d in slurmd slurmctld; do
		[ -s "$tmp/$d.pid" ] && kill "$(cat "$tmp/$d.pid")" 2>/dev/null
	done
	for _ in $(seq 50); do
		[ -s "$tmp/slurmd.pid" ] && kill -0 "$(cat "$tmp/slurmd.pid")" 2>/dev/null && { sleep 0.1; continue; }
		[ -s "$tmp/slurmctld.pid" ] && kill -0 "$(cat "$tmp/slurmctld.pid")" 2>/dev/null && { sleep 0.1; continue; }
		break
	done
	rm -rf "$tmp"
}
trap stop EXIT

slurmctld -f "$SLURM_CONF" -c -i && slurmd -f "$SLURM_CONF" -N localhost ||
	{ echo "slurm's daemons did not start" >&2; exit 77; }
for _ in $(seq 150); do
	sinfo -h -o %t 2>/dev/null | grep -qx idle && break
	sleep 0.1
done
sinfo -h -o %t 2>/dev/null | grep -qx idle ||
	{ echo "slurm's node did not come up:" >&2; cat "$tmp/slurmctld.log" >&2; exit 77; }
cd "$dir" && timeout 60 sbatch --quiet --wait sweep.slurm
