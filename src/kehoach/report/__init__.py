"""`kehoach report`: the BÁO CÁO kết quả thực hiện Kế hoạch.

`model` is the file the office fills in beside the plan (`<stem>.report.yaml`: number, date,
signer, tồn tại, nguyên nhân, phương hướng, kiến nghị); `check` loads and checks it at
file:line:col; `view` computes what the report says from the checked plan and its progress
(plain data); `document` lays that out as a Decree 30 document for the shared templates;
`api` is the command as one library call.
"""
