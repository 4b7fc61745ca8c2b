import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { commandKindLabel, commandStateLabel, fetchCommand, issueCommand, type Command, type CommandKind } from '../../services/telematics.api';
import { errorMessage } from '../../components/error-block';

const POLL_MS = 1500;
/** Polling stops this long after the server's deadline even if the command never turned final. */
const POLL_GRACE_MS = 5000;

function newKey(kind: CommandKind, vehicleId: number): string {
  return `${kind}-${vehicleId}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

function outcomeText(c: Command): string {
  const head = `${commandKindLabel[c.kind]}：${commandStateLabel[c.state]}`;
  if (c.state === 'confirmed') return `${head}，车门${c.lockState === 'unlocked' ? '已解锁' : c.lockState === 'locked' ? '已锁上' : '状态已更新'}`;
  if (c.failure) return `${head}。${c.failure.message}`;
  if (c.state === 'expired') return `${head}，终端未在时限内应答`;
  return `${head}，等待终端应答…`;
}

/**
 * Remote lock / unlock through the command API (dispatchers and fleet admins). The server answers
 * within a few seconds; when the answer is not final the command id is polled until it is.
 */
export function LockControl({ vehicleId, plate, onDone }: { vehicleId: number; plate: string; onDone(): void }) {
  const [command, setCommand] = useState<Command | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const alive = useRef(true);
  useEffect(() => () => { alive.current = false; }, []);

  async function follow(c: Command): Promise<Command> {
    let current = c;
    const stopAt = new Date(c.deadlineAt).getTime() + POLL_GRACE_MS;
    while (!current.final && alive.current && Date.now() < stopAt) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      current = await fetchCommand(current.id);
      if (alive.current) setCommand(current);
    }
    return current;
  }

  async function send(kind: CommandKind): Promise<void> {
    if (busy) return;
    const { confirm } = await Taro.showModal({
      title: `远程${commandKindLabel[kind]}`, content: `确定向 ${plate} 下发${commandKindLabel[kind]}指令吗？`,
      confirmText: kind === 'unlock' ? '确认解锁' : '确认锁车', confirmColor: '#1677ff',
    });
    if (!confirm) return;
    setBusy(true);
    setRefusal(null);
    setCommand(null);
    try {
      const first = await issueCommand(vehicleId, kind, newKey(kind, vehicleId));
      setCommand(first);
      const last = await follow(first);
      if (last.final) onDone();
    } catch (e) {
      // The server's own message (terminal offline, too many commands, no permission…).
      if (alive.current) setRefusal(errorMessage(e));
    } finally {
      if (alive.current) setBusy(false);
    }
  }

  const tone = command?.state === 'confirmed' ? 'ok' : command && command.final ? 'error' : 'info';
  return (
    <View className="card fleet-lock">
      <Text className="card-title">远程车门控制</Text>
      <Text className="item-line muted">指令经车载终端下发，终端应答后显示结果。</Text>
      <View className="item-actions">
        <View className={`btn btn-ghost fleet-lock-btn${busy ? ' is-disabled' : ''}`} onClick={() => void send('lock')}>锁车</View>
        <View className={`btn btn-primary fleet-unlock-btn${busy ? ' is-disabled' : ''}`} onClick={() => void send('unlock')}>{busy ? '等待应答…' : '解锁'}</View>
      </View>
      {command ? (
        <Text className={`form-banner fleet-command fleet-command-${command.state} ${tone === 'ok' ? 'form-banner-ok' : tone === 'error' ? 'form-banner-error' : ''}`}>
          {outcomeText(command)}
        </Text>
      ) : null}
      {refusal ? <Text className="form-banner form-banner-error fleet-command-refused">{refusal}</Text> : null}
    </View>
  );
}
